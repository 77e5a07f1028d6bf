package net.codestats.profile;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;

/** The public profile JSON that README badges, viewers and apps read. */
record PublicProfile(
    String user,
    @JsonProperty("total_xp") long totalXp,
    @JsonProperty("new_xp") long newXp,
    Map<String, Xp> machines,
    Map<String, Xp> languages,
    Map<String, Long> dates) {

  record Xp(long xps, @JsonProperty("new_xps") long newXps) {}
}
