/**
 * The event log on Redis Streams: every node on one Redis (and one key prefix) appends to the same stream
 * and tails it, so that all of them are one hub.
 */
package io.ssehub.eventlog.redis;
