package io.ssehub.security;

import jakarta.ws.rs.NameBinding;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a resource (or method) that only a verified caller may reach. Access control is bound to what
 * it protects, not to a path string: Jersey runs {@link AccessFilter} for every request it routes here,
 * however the path was spelled (matrix parameters, encoded or doubled slashes, dot segments), and
 * {@link Caller#of} refuses a request the filter did not verify, so a wiring mistake fails closed.
 */
@NameBinding
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface Protected {
}
