package net.codestats.live;

import net.codestats.geo.GeoLocator;
import net.codestats.web.PageController;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/** The front page: the live world map and everyone's XP of the last hours. */
@PageController
class FrontPageController {

  private final GeoLocator geo;
  private final ExampleProfiles examples;

  FrontPageController(GeoLocator geo, ExampleProfiles examples) {
    this.geo = geo;
    this.examples = examples;
  }

  @GetMapping("/")
  String home(Model model) {
    model.addAttribute("geoIp", geo.available());
    model.addAttribute("exampleProfile", examples.username().orElse(null));
    return "live/home";
  }
}
