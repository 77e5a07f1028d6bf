package net.codestats.support;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ActiveProfiles;

/**
 * The whole application on a random port over the shared embedded PostgreSQL. Every test
 * class with exactly this annotation (and nothing that changes the context: no extra
 * properties, no mock beans) shares one Spring context, which keeps the suite fast. Mail goes
 * to an in-process SMTP server ({@link TestMailServer}); the application's clock is a
 * {@link TestClock} that follows the system's until a test stops it.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
@Import({TestMailServer.class, TestClock.class})
public @interface IntegrationTest {}
