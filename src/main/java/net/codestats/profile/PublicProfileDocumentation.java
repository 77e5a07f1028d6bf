package net.codestats.profile;

import io.swagger.v3.oas.models.media.JsonSchema;
import io.swagger.v3.oas.models.media.Schema;
import java.util.Set;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * What the OpenAPI document says about {@link PublicProfile} beyond reflection: reflection sees
 * {@code dates} as a {@code Map<String, Long>}; on the wire its keys are local dates.
 */
@Configuration(proxyBeanMethods = false)
class PublicProfileDocumentation {

  @Bean
  OpenApiCustomizer publicProfileDates() {
    return api -> {
      Schema<?> profile = api.getComponents().getSchemas().get("PublicProfile");
      Schema<?> dates = profile == null ? null : profile.getProperties().get("dates");
      if (dates != null) {
        dates.setPropertyNames(
            new JsonSchema().types(Set.of("string")).format("date").pattern("^[0-9]{4}-[0-9]{2}-[0-9]{2}$"));
      }
    };
  }
}
