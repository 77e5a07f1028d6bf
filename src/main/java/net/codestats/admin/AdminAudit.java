package net.codestats.admin;

import java.util.List;
import net.codestats.admin.views.AuditEntry;
import net.codestats.web.UserIdentity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/** The log of admin actions, written in the transaction of the action itself. */
@Service
class AdminAudit {

  static final int PAGE_SIZE = 100;

  private final JdbcClient jdbc;

  AdminAudit(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** Joins the caller's transaction, if any: an action rolled back leaves no entry. */
  @Transactional(propagation = Propagation.REQUIRED)
  void record(UserIdentity actor, String action, String detail) {
    jdbc.sql("insert into admin_audit (actor_id, actor_name, action, detail) values (?, ?, ?, ?)")
        .params(actor.userId(), actor.getUsername(), action, detail)
        .update();
  }

  List<AuditEntry> recent(int limit, long offset) {
    return jdbc.sql(
        "select id, at, actor_name, action, detail from admin_audit order by at desc, id desc limit ? offset ?")
        .params(limit, offset)
        .query((rs, i) -> new AuditEntry(
            rs.getLong("id"),
            rs.getTimestamp("at").toInstant(),
            rs.getString("actor_name"),
            rs.getString("action"),
            rs.getString("detail")))
        .list();
  }

  long count() {
    return jdbc.sql("select count(*) from admin_audit").query(Long.class).single();
  }
}
