package net.codestats.system;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.CacheLoader;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;
import com.github.benmanes.caffeine.cache.Weigher;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.cache.CaffeineCacheMetrics;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Builds the caches declared in {@link NamedCache} (one per name: the metrics go by it), each
 * with its hits, misses, size and evictions on the metrics ({@code cache_gets_total{cache="profiles",result="hit"}} and so on).
 * When the cluster listener (re)connects, every cache that holds copies of shared data ({@link
 * NamedCache#copiesSharedData()}) is emptied: the changes announced meanwhile reached nobody.
 */
@Component
@EnableConfigurationProperties(CacheSettings.class)
public class Caches {

  private final CacheSettings settings;
  private final MeterRegistry metrics;
  private final List<Cache<?, ?>> copies = new CopyOnWriteArrayList<>();

  Caches(CacheSettings settings, MeterRegistry metrics) {
    this.settings = settings;
    this.metrics = metrics;
  }

  public <K, V> Cache<K, V> build(NamedCache cache) {
    return monitored(cache, bySize(cache).build());
  }

  /** A cache bounded by the total weight of its entries rather than their number. */
  public <K, V> Cache<K, V> build(NamedCache cache, Weigher<? super K, ? super V> weigher) {
    long maximumWeight = settings.spec(cache).maximumSize();
    return monitored(cache, builder(cache).maximumWeight(maximumWeight).weigher(weigher).build());
  }

  /** A cache that loads (and, if its spec says so, refreshes) its entries itself. */
  public <K, V> LoadingCache<K, V> build(NamedCache cache, CacheLoader<? super K, V> loader) {
    return monitored(cache, bySize(cache).build(loader));
  }

  private Caffeine<Object, Object> bySize(NamedCache cache) {
    return builder(cache).maximumSize(settings.spec(cache).maximumSize());
  }

  private Caffeine<Object, Object> builder(NamedCache cache) {
    CacheSettings.Spec spec = settings.spec(cache);
    Caffeine<Object, Object> builder = Caffeine.newBuilder().recordStats();
    if (spec.expireAfterWrite() != null) {
      builder.expireAfterWrite(spec.expireAfterWrite());
    }
    if (spec.expireAfterAccess() != null) {
      builder.expireAfterAccess(spec.expireAfterAccess());
    }
    if (spec.refreshAfterWrite() != null) {
      builder.refreshAfterWrite(spec.refreshAfterWrite());
    }
    if (spec.weakKeys()) {
      builder.weakKeys();
    }
    return builder;
  }

  /** Empties every cache of shared data, after messages from other nodes may have been lost. */
  @EventListener
  void onClusterSignalsResumed(ClusterSignals.Resumed resumed) {
    copies.forEach(Cache::invalidateAll);
  }

  private <K, V, C extends Cache<K, V>> C monitored(NamedCache cache, C built) {
    if (cache.copiesSharedData()) {
      copies.add(built);
    }
    return CaffeineCacheMetrics.monitor(metrics, built, cache.cacheName());
  }
}
