package net.codestats.badge;

import java.util.Locale;

/**
 * Draws a two-part badge as shields.io does: each part as wide as its text measured in
 * Verdana ({@link FontMetrics}) plus padding, and each text given that measured length
 * ({@code textLength}), so a viewer's substitute font is squeezed to fit rather than spilling
 * out of its part.
 */
final class BadgeSvg {

  static final String LABEL_COLOR = "#555";
  static final String MESSAGE_COLOR = "#007ec6";
  static final String GREY = "#9f9f9f";
  static final String RED = "#e05d44";

  private static final double THE_BADGE_LETTER_SPACING = 1.25;

  private BadgeSvg() {}

  /**
   * @param label the left text, shown as given (user text is isolated)
   * @param message the right text
   * @param title what screen readers and tooltips say
   */
  static String render(String label, String message, String color, BadgeStyle style, String title) {
    return style == BadgeStyle.FOR_THE_BADGE
        ? forTheBadge(label, message, color, title)
        : flat(label, message, color, title, style == BadgeStyle.FLAT);
  }

  /** Widths in whole pixels, odd for a better chance of landing on the pixel grid (as shields.io does). */
  static int textWidth(FontMetrics font, String text, double letterSpacing) {
    int width = (int) (font.width(text) + letterSpacing * text.codePointCount(0, text.length()));
    return width % 2 == 0 ? width + 1 : width;
  }

  private static String flat(String label, String message, String color, String title, boolean rounded) {
    int labelText = textWidth(FontMetrics.VERDANA_11, label, 0);
    int messageText = textWidth(FontMetrics.VERDANA_11, message, 0);
    int labelWidth = labelText + 10;
    int messageWidth = messageText + 10;
    int width = labelWidth + messageWidth;
    StringBuilder svg = open(width, 20, title);
    if (rounded) {
      svg.append("<linearGradient id=\"s\" x2=\"0\" y2=\"100%\"><stop offset=\"0\" stop-color=\"#bbb\" "
          + "stop-opacity=\".1\"/><stop offset=\"1\" stop-opacity=\".1\"/></linearGradient>");
      svg.append("<clipPath id=\"r\"><rect width=\"").append(width).append("\" height=\"20\" rx=\"3\" fill=\"#fff\"/>"
          + "</clipPath><g clip-path=\"url(#r)\">");
    } else {
      svg.append("<g shape-rendering=\"crispEdges\">");
    }
    svg.append("<rect width=\"").append(labelWidth).append("\" height=\"20\" fill=\"").append(LABEL_COLOR)
        .append("\"/>");
    svg.append("<rect x=\"").append(labelWidth).append("\" width=\"").append(messageWidth)
        .append("\" height=\"20\" fill=\"").append(color).append("\"/>");
    if (rounded) {
      svg.append("<rect width=\"").append(width).append("\" height=\"20\" fill=\"url(#s)\"/>");
    }
    svg.append("</g>");
    svg.append("<g fill=\"#fff\" text-anchor=\"middle\" direction=\"ltr\" font-family=\"").append(Svg.FONT_FAMILY)
        .append("\" text-rendering=\"geometricPrecision\" font-size=\"110\">");
    // in tenths of a pixel, as shields.io draws them, for sub-pixel placement
    text(svg, label, labelWidth * 5, labelText * 10, rounded, "", 140);
    text(svg, message, labelWidth * 10 + messageWidth * 5, messageText * 10, rounded, "", 140);
    return svg.append("</g></svg>").toString();
  }

  private static String forTheBadge(String label, String message, String color, String title) {
    String upperLabel = label.toUpperCase(Locale.ROOT);
    String upperMessage = message.toUpperCase(Locale.ROOT);
    int labelText = textWidth(FontMetrics.VERDANA_10, upperLabel, THE_BADGE_LETTER_SPACING);
    int messageText = textWidth(FontMetrics.VERDANA_10_BOLD, upperMessage, THE_BADGE_LETTER_SPACING);
    int labelWidth = labelText + 18;
    int messageWidth = messageText + 20;
    int width = labelWidth + messageWidth;
    StringBuilder svg = open(width, 28, title);
    svg.append("<g shape-rendering=\"crispEdges\"><rect width=\"").append(labelWidth)
        .append("\" height=\"28\" fill=\"").append(LABEL_COLOR).append("\"/><rect x=\"").append(labelWidth)
        .append("\" width=\"").append(messageWidth).append("\" height=\"28\" fill=\"").append(color)
        .append("\"/></g>");
    svg.append("<g fill=\"#fff\" text-anchor=\"middle\" direction=\"ltr\" font-family=\"").append(Svg.FONT_FAMILY)
        .append("\" text-rendering=\"geometricPrecision\" font-size=\"100\" letter-spacing=\"12.5\">");
    text(svg, upperLabel, labelWidth * 5, labelText * 10, false, "", 175);
    text(svg, upperMessage, labelWidth * 10 + messageWidth * 5, messageText * 10, false, " font-weight=\"bold\"", 175);
    return svg.append("</g></svg>").toString();
  }

  private static StringBuilder open(int width, int height, String title) {
    String escapedTitle = Svg.escape(title);
    return new StringBuilder(2048)
        .append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(width).append("\" height=\"")
        .append(height).append("\" viewBox=\"0 0 ").append(width).append(' ').append(height)
        .append("\" role=\"img\" aria-label=\"").append(escapedTitle).append("\"><title>").append(escapedTitle)
        .append("</title>");
  }

  private static void text(StringBuilder svg, String text, int x, int length, boolean shadow, String extra, int y) {
    String content = Svg.isolated(text);
    if (shadow) {
      svg.append("<text aria-hidden=\"true\" x=\"").append(x).append("\" y=\"").append(y + 10)
          .append("\" fill=\"#010101\" fill-opacity=\".3\" transform=\"scale(.1)\" textLength=\"").append(length)
          .append("\" lengthAdjust=\"spacingAndGlyphs\"").append(extra).append('>').append(content).append("</text>");
    }
    svg.append("<text x=\"").append(x).append("\" y=\"").append(y).append("\" transform=\"scale(.1)\" textLength=\"")
        .append(length).append("\" lengthAdjust=\"spacingAndGlyphs\"").append(extra).append('>').append(content)
        .append("</text>");
  }
}
