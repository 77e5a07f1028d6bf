package net.codestats.database;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import net.codestats.system.CodeStatsProperties;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;

/**
 * Starts the embedded PostgreSQL on a thread of its own as soon as the bean definitions are
 * known, so that the rest of the context (web server, security, GraphQL, …) is built while
 * PostgreSQL starts; the first bean that needs the database waits for it in {@link #await()}.
 * A failed start fails that bean, and with it the start of the application, with the cause.
 * The server is stopped when the context closes, also when its refresh failed.
 */
final class EmbeddedPostgresStart implements BeanFactoryPostProcessor, DisposableBean {

  private final CompletableFuture<EmbeddedPostgresServer> server = new CompletableFuture<>();
  private final Environment environment;
  private volatile boolean started;

  EmbeddedPostgresStart(Environment environment) {
    this.environment = environment;
  }

  @Override
  @SuppressWarnings("checkstyle:noNewThread") // runs before the context: no Spring executor exists yet
  public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) {
    // bound here, before the properties beans exist; the same binding as CodeStatsProperties
    var properties = Binder.get(environment).bindOrCreate("codestats", CodeStatsProperties.class);
    started = true;
    // A thread of its own: this runs before the context, so before any Spring executor exists.
    Thread.ofPlatform().daemon().name("embedded-postgres-start").start(() -> start(properties));
  }

  private void start(CodeStatsProperties properties) {
    try {
      var settings = properties.embeddedDatabase();
      Path directory =
          settings.ephemeral()
              ? Files.createTempDirectory("codestats-pg")
              : properties.absoluteDataDir().resolve("postgres");
      server.complete(EmbeddedPostgresServer.start(directory, settings.port(), settings.ephemeral()));
    } catch (Throwable e) {
      server.completeExceptionally(e);
    }
  }

  /** The started server; throws with the cause when PostgreSQL could not start. */
  EmbeddedPostgresServer await() {
    try {
      return server.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while waiting for the embedded PostgreSQL", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("The embedded PostgreSQL could not start: " + e.getCause().getMessage(),
          e.getCause());
    }
  }

  @Override
  public void destroy() throws IOException {
    if (!started) {
      return;
    }
    // possibly still starting (the context failed early): wait, so that it can be stopped
    EmbeddedPostgresServer running = server.handle((s, e) -> s).join();
    if (running != null) {
      running.close();
    }
  }
}
