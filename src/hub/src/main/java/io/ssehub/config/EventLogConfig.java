package io.ssehub.config;

import java.time.Duration;
import java.util.Optional;

/**
 * Where the hub keeps its events, and, on Redis, how it talks to it. Each value has been checked by its
 * setting's rule ({@link Setting}) as {@link HubConfig} read it.
 *
 * @param kind                in memory or on Redis
 * @param redisUri            where Redis is; present when {@code kind} is {@link EventLogKind#REDIS}
 * @param redisKeyPrefix      the hash tag of the two keys, so every node with the same prefix is one hub
 * @param redisCommandTimeout longest a command may take before it fails (a publish then answers 503)
 * @param redisTailBlock      longest the tail's read waits in Redis before it checks the log's epoch again
 */
public record EventLogConfig(EventLogKind kind, Optional<RedisUri> redisUri, String redisKeyPrefix,
                             Duration redisCommandTimeout, Duration redisTailBlock) {
}
