package dev.chinook.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a test field of type {@link dev.chinook.localcloud.aws.LocalCloud} that
 * {@link LocalCloudTestResource} fills with the running local-cloud.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.FIELD)
public @interface InjectLocalCloud {}
