package net.codestats.support;

import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.asyncDispatch;

import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;

/** A GraphQL request to {@code /profile-graph} as a signed-in user, through MockMvc (async answers awaited). */
public final class SignedInGraphQl {

  private SignedInGraphQl() {}

  /** The answer's body for a JSON request body ({@code {"query": …}}). */
  public static String post(MockMvc mvc, String body, String username) throws Exception {
    MvcResult result = mvc.perform(MockMvcRequestBuilders.post("/profile-graph")
        .with(user(username))
        .contentType(MediaType.APPLICATION_JSON)
        .accept(MediaType.APPLICATION_JSON)
        .content(body))
        .andReturn();
    if (result.getRequest().isAsyncStarted()) {
      result = mvc.perform(asyncDispatch(result)).andReturn();
    }
    return result.getResponse().getContentAsString();
  }
}
