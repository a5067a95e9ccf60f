package io.ssehub.war;

import io.ssehub.config.Setting;
import java.util.Map;
import java.util.stream.Collectors;

/** Settings as a WAR takes them: context parameters named {@code ssehub.<name>}. */
final class WarSettings {

    private WarSettings() {
    }

    /** The same settings as environment variables {@code SSEHUB_<NAME>}, for a server started as a process. */
    static Map<String, String> asEnvironment(Map<String, String> settings) {
        return settings.entrySet().stream().collect(Collectors.toMap(
                setting -> Setting.spelled(setting.getKey(), Setting::propertyName).orElseThrow().environmentName(),
                Map.Entry::getValue));
    }

    static Map<String, String> asContextParameters(Map<String, String> settings) {
        return settings.entrySet().stream()
                .collect(Collectors.toMap(setting -> Setting.PROPERTY_PREFIX + setting.getKey(), Map.Entry::getValue));
    }
}
