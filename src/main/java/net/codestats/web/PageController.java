package net.codestats.web;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.core.annotation.AliasFor;
import org.springframework.stereotype.Controller;

/**
 * A controller whose handlers render the site's pages: they get the layout's {@link
 * PageContext} as the model attribute {@code page}. JSON controllers are plain {@code
 * RestController}s and do not pay for computing a page context on every request (a pulse
 * spent 6 % of its CPU on it).
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Controller
public @interface PageController {

  @AliasFor(annotation = Controller.class)
  String value() default "";
}
