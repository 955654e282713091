package dev.deploydiagnostics.api;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks an API type whose shape changes only in a major version.
 *
 * <p>Callers may depend on it without fear of a minor release breaking their code.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target({ElementType.TYPE, ElementType.METHOD, ElementType.CONSTRUCTOR, ElementType.PACKAGE})
@Stable
public @interface Stable {
    /** The version in which the element became stable, e.g. {@code "0.1"}. */
    String since() default "0.1";
}
