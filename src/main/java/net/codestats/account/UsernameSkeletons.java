package net.codestats.account;

import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Fills the confusable skeleton of accounts created before skeletons were stored, once, at
 * start-up (after the migrations, before the server takes requests). It is done here and not
 * in the migration because the skeleton needs ICU4J's TR39 data. When two existing names
 * look alike, the older one gets the skeleton and the newer keeps none: both still log in and
 * keep their profile, and no new look-alike of either can be created.
 */
@Component
class UsernameSkeletons implements SmartInitializingSingleton {

  private static final Logger log = LoggerFactory.getLogger(UsernameSkeletons.class);
  private static final int BATCH = 1000;
  private static final String FILL =
      """
      update users set username_skeleton = ?
      where id = ? and username_skeleton is null
        and not exists (select 1 from users where username_skeleton = ?)""";

  private final JdbcTemplate jdbc;

  UsernameSkeletons(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  @Override
  public void afterSingletonsInstantiated() {
    long after = 0;
    int filled = 0;
    int lookAlikes = 0;
    while (true) {
      List<Row> rows =
          jdbc.query(
              "select id, username from users where username_skeleton is null and id > ? order by id limit ?",
              (rs, i) -> new Row(rs.getLong("id"), rs.getString("username")),
              after,
              BATCH);
      if (rows.isEmpty()) {
        break;
      }
      int[] updated = fill(rows);
      for (int count : updated) {
        if (count > 0) {
          filled++;
        } else {
          lookAlikes++;
        }
      }
      after = rows.getLast().id();
    }
    if (filled > 0 || lookAlikes > 0) {
      log.info("Stored the confusable skeleton of {} usernames; {} look like an older name and keep none", filled,
          lookAlikes);
    }
  }

  private int[] fill(List<Row> rows) {
    List<Object[]> arguments =
        rows.stream()
            .map(row -> {
              String skeleton = Usernames.skeleton(row.username());
              return new Object[] {skeleton, row.id(), skeleton};
            })
            .toList();
    try {
      return jdbc.batchUpdate(FILL, arguments);
    } catch (DuplicateKeyException e) {
      // another node created a look-alike meanwhile: one row at a time, skipping it
      return arguments.stream().mapToInt(this::fillOne).toArray();
    }
  }

  private int fillOne(Object[] arguments) {
    try {
      return jdbc.update(FILL, arguments);
    } catch (DuplicateKeyException e) {
      return 0;
    }
  }

  private record Row(long id, String username) {}
}
