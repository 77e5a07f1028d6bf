package net.codestats.leaderboard;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.media.Schema.RequiredMode;
import java.time.Instant;
import java.util.List;

/**
 * One page of a board, as the page and {@code /api/leaderboards} show it.
 *
 * @param window the window's {@code ?window=} key
 * @param language the language's display name; null on the overall board
 * @param since where the window starts (a UTC midnight); null for all time
 * @param computedAt when the board was computed (it is at most a minute stale)
 * @param page the page shown, from 1 (may lie past the last page: then no entries)
 * @param pages how many pages there are (at least 1)
 * @param total how many users the board ranks
 */
public record BoardPage(
    String window,
    @JsonProperty("window_label") String windowLabel,
    @Schema(types = {
      "string", "null"}, requiredMode = RequiredMode.REQUIRED, example = "Java") String language,
    @Schema(types = {"string", "null"}, format = "date-time", requiredMode = RequiredMode.REQUIRED) Instant since,
    @JsonProperty("computed_at") Instant computedAt,
    int page,
    int pages,
    @JsonProperty("per_page") int perPage,
    long total,
    List<Entry> entries) {

  /**
   * @param rank competition ranking: ties share a rank and the next rank skips (1, 2, 2, 4)
   * @param level the level of the user's total XP
   * @param xp the ranked XP in the window
   * @param someXpUnranked part of the user's XP in the window was beyond the plausible rate
   *     and does not count here (it is on the profile)
   */
  public record Entry(
      int rank,
      String username,
      @JsonProperty("profile_url") String profileUrl,
      @JsonProperty("avatar_url") String avatarUrl,
      int level,
      long xp,
      @JsonProperty("some_xp_unranked") boolean someXpUnranked) {}
}
