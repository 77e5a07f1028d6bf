package net.codestats.admin.views;

import net.codestats.pulse.Languages;
import net.codestats.xp.XpQueries;

/**
 * A language on the admin languages page.
 *
 * @param counted XP and users counted under the language (none for an alias: its XP counts under the target)
 * @param sent XP and users sent under an alias's name, null for other languages
 */
public record LanguageRow(Languages.AdminLanguage language, XpQueries.LanguageUse counted, Languages.SentXp sent) {}
