package net.codestats.badge;

import java.util.List;
import net.codestats.profile.PublicFigures;
import net.codestats.xp.LevelMaths;

/**
 * Draws the profile card: the name, total level with its progress bar (XP older than 12 hours
 * and recent XP in two colours, as on the profile page), total and recent XP, then the top
 * languages with a level bar each. Every text is measured ({@link FontMetrics}): names too long
 * for their place are cut with an ellipsis, and each text is given its measured length.
 */
final class CardSvg {

  static final int WIDTH = 400;
  private static final int PAD = 20;
  private static final int INNER = WIDTH - 2 * PAD;
  private static final int HEADER = 96;
  private static final int ROW = 34;

  private CardSvg() {}

  static int height(int languages) {
    return HEADER + Math.max(1, languages) * ROW + 10;
  }

  static String render(PublicFigures.Figures figures, int languageCount, CardTheme theme) {
    List<PublicFigures.LanguageFigures> top = figures.languages().stream().limit(languageCount).toList();
    int height = height(top.size());
    String title = title(figures, top);
    StringBuilder svg = new StringBuilder(4096)
        .append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(WIDTH).append("\" height=\"")
        .append(height).append("\" viewBox=\"0 0 ").append(WIDTH).append(' ').append(height)
        .append("\" role=\"img\" aria-label=\"").append(Svg.escape(title)).append("\"><title>")
        .append(Svg.escape(title)).append("</title><style>").append(theme.css()).append("</style>");
    svg.append("<rect class=\"bg\" x=\".5\" y=\".5\" width=\"").append(WIDTH - 1).append("\" height=\"")
        .append(height - 1).append("\" rx=\"6\"/>");
    svg.append("<g font-family=\"").append(Svg.FONT_FAMILY).append("\" direction=\"ltr\">");

    String level = "Level " + LevelMaths.level(figures.totalXp());
    double levelWidth = FontMetrics.VERDANA_10_BOLD.width(level, 15);
    text(svg, "fg", PAD + INNER, 34, 15, true, "end", level, levelWidth);
    String name = fit(figures.name(), FontMetrics.VERDANA_10_BOLD, 18, INNER - levelWidth - 16);
    text(svg, "fg", PAD, 34, 18, true, "start", name, FontMetrics.VERDANA_10_BOLD.width(name, 18));
    bar(svg, 46, 8, figures.totalXp(), figures.recentXp());
    String total = LevelMaths.thousands(figures.totalXp()) + " XP";
    text(svg, "fg", PAD, 78, 12, false, "start", total, FontMetrics.VERDANA_10.width(total, 12));
    String recent = "+" + LevelMaths.thousands(figures.recentXp()) + " XP in the last 12 hours";
    text(svg, "mu", PAD + INNER, 78, 11, false, "end", recent, FontMetrics.VERDANA_11.width(recent));

    int y = HEADER;
    if (top.isEmpty()) {
      String none = "No XP yet.";
      text(svg, "mu", PAD, y + 18, 12, false, "start", none, FontMetrics.VERDANA_10.width(none, 12));
    }
    for (PublicFigures.LanguageFigures language : top) {
      String figure = "level " + LevelMaths.level(language.xp()) + " · " + Svg.compact(language.xp()) + " XP";
      double figureWidth = FontMetrics.VERDANA_11.width(figure);
      text(svg, "mu", PAD + INNER, y + 14, 11, false, "end", figure, figureWidth);
      String languageName = fit(language.name(), FontMetrics.VERDANA_10_BOLD, 12, INNER - figureWidth - 12);
      text(svg, "fg", PAD, y + 14, 12, true, "start", languageName,
          FontMetrics.VERDANA_10_BOLD.width(languageName, 12));
      bar(svg, y + 21, 5, language.xp(), language.recentXp());
      y += ROW;
    }
    return svg.append("</g></svg>").toString();
  }

  /** {@code text} if it fits in {@code max} pixels, else as much of it as fits with an ellipsis. */
  static String fit(String text, FontMetrics font, double size, double max) {
    if (font.width(text, size) <= max) {
      return text;
    }
    int end = text.length();
    while (end > 0) {
      end = text.offsetByCodePoints(end, -1);
      String cut = text.substring(0, end) + "…";
      if (font.width(cut, size) <= max) {
        return cut;
      }
    }
    return "…";
  }

  private static String title(PublicFigures.Figures figures, List<PublicFigures.LanguageFigures> top) {
    StringBuilder title = new StringBuilder("Code::Stats: ").append(figures.name()).append(", level ")
        .append(LevelMaths.level(figures.totalXp())).append(", ").append(LevelMaths.thousands(figures.totalXp()))
        .append(" XP (+").append(LevelMaths.thousands(figures.recentXp())).append(" in the last 12 hours)");
    for (int i = 0; i < top.size(); i++) {
      var language = top.get(i);
      title.append(i == 0 ? "; top languages: " : ", ").append(language.name()).append(" level ")
          .append(LevelMaths.level(language.xp()));
    }
    return title.toString();
  }

  private static void bar(StringBuilder svg, int y, int height, long xp, long recentXp) {
    LevelMaths.Progress progress = LevelMaths.progress(xp, recentXp);
    double old = INNER * progress.oldPercent() / 100.0;
    double recent = INNER * progress.recentPercent() / 100.0;
    String radius = Svg.number(height / 2.0);
    svg.append("<rect class=\"tr\" x=\"").append(PAD).append("\" y=\"").append(y).append("\" width=\"").append(INNER)
        .append("\" height=\"").append(height).append("\" rx=\"").append(radius).append("\"/>");
    if (old > 0) {
      svg.append("<rect class=\"old\" x=\"").append(PAD).append("\" y=\"").append(y).append("\" width=\"")
          .append(Svg.number(old)).append("\" height=\"").append(height).append("\"/>");
    }
    if (recent > 0) {
      svg.append("<rect class=\"new\" x=\"").append(Svg.number(PAD + old)).append("\" y=\"").append(y)
          .append("\" width=\"").append(Svg.number(recent)).append("\" height=\"").append(height).append("\"/>");
    }
  }

  private static void text(StringBuilder svg, String cssClass, double x, int y, double size, boolean bold,
      String anchor, String text, double width) {
    svg.append("<text class=\"").append(cssClass).append("\" x=\"").append(Svg.number(x)).append("\" y=\"").append(y)
        .append("\" font-size=\"").append(Svg.number(size)).append('"');
    if (bold) {
      svg.append(" font-weight=\"bold\"");
    }
    svg.append(" text-anchor=\"").append(anchor).append("\" textLength=\"").append(Svg.number(width))
        .append("\" lengthAdjust=\"spacingAndGlyphs\">").append(Svg.isolated(text)).append("</text>");
  }
}
