package net.codestats.xp;

import com.github.benmanes.caffeine.cache.LoadingCache;
import java.util.Set;
import net.codestats.account.AccountDeleted;
import net.codestats.account.HiddenLanguages;
import net.codestats.account.HiddenLanguagesChanged;
import net.codestats.machine.MachineChanged;
import net.codestats.machine.Machines;
import net.codestats.pulse.Languages;
import net.codestats.system.Caches;
import net.codestats.system.NamedCache;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionPhase;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * A user's {@link HiddenItems}, cached ({@link NamedCache.HIDDEN_ITEMS}):
 * every public read asks, and most users hide nothing. Dropped once a machine change ({@link
 * MachineChanged}, which hiding a machine is) or a {@link HiddenLanguagesChanged} has committed;
 * other nodes' changes arrive as the same events; the expiry bounds how late one shows if its
 * message is lost.
 *
 * <p>Its listeners run before any other of the same events ({@link #FIRST}): caches built from
 * hidden items (profile snapshots) retire theirs on the same event, and a reader reloading one
 * in between would otherwise read the old hidden items and keep them until its expiry.
 */
@Component
public class HiddenItemsLookup {

  static final int FIRST = Ordered.HIGHEST_PRECEDENCE;

  private final Machines machines;
  private final HiddenLanguages hiddenLanguages;
  private final Languages languages;
  private final LoadingCache<Long, HiddenItems> items;

  HiddenItemsLookup(
      Machines machines, HiddenLanguages hiddenLanguages, Languages languages, Caches caches) {
    this.machines = machines;
    this.hiddenLanguages = hiddenLanguages;
    this.languages = languages;
    this.items = caches.build(NamedCache.HIDDEN_ITEMS, this::load);
  }

  /** What the user hides; {@link HiddenItems#NONE} for most. */
  public HiddenItems of(long userId) {
    return items.get(userId);
  }

  private HiddenItems load(long userId) {
    Set<Long> machineIds = machines.hiddenIds(userId);
    Set<Long> languageIds = hiddenLanguages.of(userId);
    if (machineIds.isEmpty() && languageIds.isEmpty()) {
      return HiddenItems.NONE;
    }
    return new HiddenItems(machineIds, languageIds, Set.copyOf(languages.names(languageIds).values()));
  }

  @Order(FIRST)
  @TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT, fallbackExecution = true)
  void onMachineChanged(MachineChanged change) {
    items.invalidate(change.userId());
  }

  @Order(FIRST)
  @TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT, fallbackExecution = true)
  void onHiddenLanguagesChanged(HiddenLanguagesChanged change) {
    items.invalidate(change.userId());
  }

  @Order(FIRST)
  @TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT, fallbackExecution = true)
  void onAccountDeleted(AccountDeleted deleted) {
    items.invalidate(deleted.userId());
  }
}
