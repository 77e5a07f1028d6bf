package net.codestats.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/** A setting changes one part of one cache's spec; the rest keeps the declared defaults. */
class CacheSettingsTest {

  private static CacheSettings bind(Map<String, String> properties) {
    return new Binder(new MapConfigurationPropertySource(properties))
        .bindOrCreate("codestats", CacheSettings.class);
  }

  @Test
  void withoutSettingsEveryCacheHasItsDefaults() {
    var settings = bind(Map.of());
    for (NamedCache cache : NamedCache.values()) {
      assertThat(settings.spec(cache)).as(cache.cacheName()).isEqualTo(cache.defaults());
    }
  }

  @Test
  void aSettingChangesOnlyWhatItNames() {
    var settings = bind(Map.of("codestats.caches.profiles.maximum-size", "7"));
    assertThat(settings.spec(NamedCache.PROFILES).maximumSize()).isEqualTo(7);
    assertThat(settings.spec(NamedCache.PROFILES).expireAfterWrite()).isEqualTo(Duration.ofSeconds(30));
    assertThat(settings.spec(NamedCache.ACCOUNT_LOOKUPS)).isEqualTo(NamedCache.ACCOUNT_LOOKUPS.defaults());
  }
}
