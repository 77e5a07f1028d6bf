package net.codestats.pages.views;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where the code of this server is published, shown on the changes page.
 *
 * @param url the source repository; set it to the code you run when it is not the default
 * @param licence the licence the code is published under
 */
@ConfigurationProperties("codestats.source")
public record SourceCode(
    @DefaultValue("https://gitlab.com/code-stats/code-stats") String url,
    @DefaultValue("BSD-3-Clause") String licence) {}
