package io.ssehub.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Optional;
import java.util.function.Function;

/**
 * The Redis URI: required when {@code eventlog} is {@code redis}, and then a {@code redis://} or
 * {@code rediss://} URI with a host, perhaps a port, user and password, and a database number as its path.
 * Query parameters are refused: the client's timeouts are the hub's settings, not the URI's. A refusal shows
 * the URI without its user information.
 */
record RedisUriRule() implements SettingRule<Optional<RedisUri>> {

    @Override
    public Optional<RedisUri> read(String text, Function<String, Object> others) {
        boolean redis = others.apply(Setting.EVENTLOG.key()) == EventLogKind.REDIS;
        if (text.isEmpty()) {
            if (redis) {
                throw new Broken("set when eventlog is redis: " + text());
            }
            return Optional.empty();
        }
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            throw new Broken(text());
        }
        boolean schemeOk = "redis".equals(uri.getScheme()) || "rediss".equals(uri.getScheme());
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        if (!schemeOk || uri.getHost() == null || uri.getPort() > 65_535 || uri.getRawQuery() != null || uri.getRawFragment() != null
                || !path.matches("(/([0-9]{1,5})?)?")) {
            throw new Broken(text());
        }
        return Optional.of(new RedisUri(text));
    }

    @Override
    public String text() {
        return "a redis:// or rediss:// URI: host, optional port, user, password and /database, no query";
    }

    @Override
    public String shown(String text) {
        return "'" + RedisUri.hidingUserInfo(text) + "'";
    }
}
