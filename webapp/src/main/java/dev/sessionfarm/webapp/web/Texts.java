package dev.sessionfarm.webapp.web;

import java.text.MessageFormat;
import java.util.List;
import java.util.Locale;
import java.util.MissingResourceException;
import java.util.ResourceBundle;

import org.thymeleaf.context.ITemplateContext;
import org.thymeleaf.messageresolver.AbstractMessageResolver;

/**
 * The page texts in English and German ({@code messages.properties}, {@code messages_de.properties}), for the
 * templates ({@code #{key}}) and for the Java code that makes texts (validation messages, prices, labels). The
 * request's language is set for the thread that serves it ({@link LocaleChoice}): the texts are made deep inside
 * records and enums that know nothing of requests, and passing the locale through every one of them would touch
 * them all for no other gain.
 */
public final class Texts
{
    public static final Locale GERMAN = Locale.GERMAN;
    public static final List<Locale> SUPPORTED = List.of(Locale.ENGLISH, GERMAN);
    private static final ThreadLocal<Locale> CURRENT = new ThreadLocal<>();
    private static final ResourceBundle.Control NO_FALLBACK =
        ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES);

    private Texts()
    {
    }

    /** The language of the request this thread serves; English outside a request. */
    public static Locale locale()
    {
        Locale locale = CURRENT.get();
        return locale == null ? Locale.ENGLISH : locale;
    }

    static void use(Locale locale)
    {
        if (locale == null)
            CURRENT.remove();
        else
            CURRENT.set(locale);
    }

    /** The text {@code key} in this request's language, its {@code {0}}... filled in for that language. */
    public static String get(String key, Object... args)
    {
        String text = lookup(locale(), key);
        return text == null ? "??" + key + "??" : format(locale(), text, args);
    }

    /** The text {@code key}, or {@code fallback} where the bundles have none (the survey's English definition). */
    public static String getOr(String key, String fallback)
    {
        String text = lookup(locale(), key);
        return text == null ? fallback : text;
    }

    static String lookup(Locale locale, String key)
    {
        try
        {
            return ResourceBundle.getBundle("messages", locale, NO_FALLBACK).getString(key);
        }
        catch (MissingResourceException e)
        {
            return null;
        }
    }

    /** Without arguments a text is used as it is: apostrophes need no doubling then. */
    static String format(Locale locale, String text, Object... args)
    {
        return args == null || args.length == 0 ? text : new MessageFormat(text, locale).format(args);
    }

    /** {@code #{key}} and {@code #{key(args)}} in templates, from the same bundles. */
    static final class TemplateMessages extends AbstractMessageResolver
    {
        @Override
        public String resolveMessage(ITemplateContext context, Class<?> origin, String key, Object[] messageParameters)
        {
            String text = lookup(context.getLocale(), key);
            return text == null ? null : format(context.getLocale(), text, messageParameters);
        }

        @Override
        public String createAbsentMessageRepresentation(ITemplateContext context, Class<?> origin, String key,
                                                        Object[] messageParameters)
        {
            return "??" + key + "_" + context.getLocale() + "??";
        }
    }
}
