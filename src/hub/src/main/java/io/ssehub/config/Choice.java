package io.ssehub.config;

import java.util.Arrays;
import java.util.function.Function;
import java.util.stream.Collectors;

/** One of a few words, each naming a constant of {@link EventLogKind}. */
record Choice() implements SettingRule<EventLogKind> {

    @Override
    public EventLogKind read(String text, Function<String, Object> others) {
        return Arrays.stream(EventLogKind.values()).filter(kind -> kind.word().equals(text)).findFirst()
                .orElseThrow(() -> new Broken(text()));
    }

    @Override
    public String text() {
        return Arrays.stream(EventLogKind.values()).map(EventLogKind::word).collect(Collectors.joining(" or "));
    }
}
