package io.sendtime.render;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.apache.velocity.Template;
import org.apache.velocity.exception.MethodInvocationException;
import org.apache.velocity.exception.VelocityException;

/**
 * A campaign with every template parsed once, ready to render recipients from any number of threads.
 * A recipient is a map of context values (see templates/README.md); it only ever is data.
 */
public final class CompiledCampaign {

    private final Campaign campaign;
    private final Locale locale;
    /** one formatter per recipient locale (formatters are thread-safe) */
    private final Map<Locale, Formatter> formatters = new java.util.concurrent.ConcurrentHashMap<>();
    private final Variants variants;
    /** variant → token → template */
    private final Map<String, Map<String, Template>> templates = new HashMap<>();
    /** token → where it goes */
    private final Map<String, TokenContext> contexts = new HashMap<>();
    /** each render thread's context, reused for every merge (see MergeContext) */
    private final ThreadLocal<MergeContext> mergeContexts = ThreadLocal.withInitial(MergeContext::new);
    /** every name the campaign's templates (all variants) and the macro library reference */
    private final Set<String> referenced = new HashSet<>();

    public CompiledCampaign(Campaign campaign, SafeVelocity velocity) {
        this.campaign = campaign;
        this.locale = campaign.toLocale();
        this.variants = new Variants(campaign);
        Path dir = velocity.root().resolve("campaigns").resolve(campaign.id());
        Map<String, Template> base = new LinkedHashMap<>();
        for (Campaign.Token token : campaign.tokens()) {
            base.put(token.name(), velocity.parse(dir.resolve(token.template())));
            contexts.put(token.name(), campaign.contextOf(token));
        }
        for (Campaign.Variant variant : campaign.variantsOrDefault()) {
            Map<String, Template> own = new LinkedHashMap<>(base);
            if (variant.templates() != null) {
                variant.templates().forEach((token, file) -> own.put(token, velocity.parse(dir.resolve(file))));
            }
            templates.put(variant.name(), own);
        }
        templates.values().forEach(own -> own.values().forEach(t -> referenced.addAll(SafeVelocity.references(t).keySet())));
        referenced.addAll(velocity.libraryReferences());
    }

    public Campaign campaign() {
        return campaign;
    }

    /** Every template of the campaign, for the validator. */
    public Map<String, Map<String, Template>> templates() {
        return templates;
    }

    /** Where a token goes. */
    public TokenContext contextOf(String token) {
        return contexts.get(token);
    }

    /** Whether any of the campaign's templates, or a macro of the library, reads the context value {@code name}. */
    public boolean uses(String name) {
        return referenced.contains(name);
    }

    /**
     * The context fields (sql/render/template_context.sql) a render of this campaign reads: what its templates and
     * macros reference, what the email's money and products are made from ({@link EmailMoney#fieldsFor}), and what
     * {@link #render} reads itself (the key; language and country for the locale). Fields outside it are values no
     * template of the campaign can show.
     */
    Set<String> contextKeys() {
        Set<String> names = new HashSet<>(referenced);
        names.addAll(List.of("customer_key", "language", "country"));
        return EmailMoney.fieldsFor(names);
    }

    public RenderedRecipient render(Map<String, Object> recipient) {
        String key = String.valueOf(recipient.get("customer_key"));
        String variant = variants.of(key);
        Locale theirs = RecipientLocale.of(recipient.get("language"), recipient.get("country"), locale);
        Formatter fmt = formatters.computeIfAbsent(theirs, Formatter::new);
        String localeTag = theirs.toLanguageTag();
        MergeContext merging = mergeContexts.get();
        Map<String, String> tokens = new LinkedHashMap<>();
        List<String> fallbacks = new ArrayList<>(2);
        Map<String, Template> own = templates.get(variant);
        for (Campaign.Token token : campaign.tokens()) {
            TokenContext context = contexts.get(token.name());
            String value;
            try {
                value = context.finish(merging.reset(recipient, fmt, localeTag, variant, context)
                        .merge(own.get(token.name())));
            } catch (MethodInvocationException e) {
                mergeContexts.remove(); // a merge that failed half way: the next one starts from a new context
                if (isUndefined(e)) {
                    return rejected(key, variant, "unresolved_reference:" + token.name());
                }
                return rejected(key, variant, "template_error:" + token.name());
            } catch (VelocityException e) {
                mergeContexts.remove();
                merging = mergeContexts.get();
                if (isMissingValue(e)) {
                    value = null;
                } else {
                    return rejected(key, variant, "template_error:" + token.name());
                }
            } catch (RuntimeException e) {
                mergeContexts.remove();
                throw e;
            }
            if (TokenContext.isBlank(value)) {
                if (token.required() && TokenContext.isBlank(token.fallback())) {
                    return rejected(key, variant, "required_token_empty:" + token.name());
                }
                value = fallback(token, fallbacks);
            } else if (tooLong(token, value)) {
                if (token.required()) {
                    return rejected(key, variant, "too_long:" + token.name());
                }
                value = fallback(token, fallbacks);
            }
            tokens.put(token.name(), value);
        }
        return new RenderedRecipient(key, variant, tokens, fallbacks, null);
    }

    /** An optional token's fallback (counted), or empty when it has none. */
    private static String fallback(Campaign.Token token, List<String> fallbacks) {
        if (TokenContext.isBlank(token.fallback())) {
            return "";
        }
        fallbacks.add(token.name());
        return token.fallback();
    }

    /** Longer than its max_length in characters people see (grapheme clusters; never more than UTF-16 units). */
    private static boolean tooLong(Campaign.Token token, String value) {
        return token.maxLength() != null && value.length() > token.maxLength()
                && TokenContext.visibleLength(value) > token.maxLength();
    }

    /** Strict mode: a reference nobody defined. */
    private static boolean isUndefined(VelocityException e) {
        String m = e.getMessage() == null ? "" : e.getMessage();
        return m.contains("has not been set") || m.contains("is not defined");
    }

    /** Strict mode: a defined reference whose value is null (missing data: the fallback applies). */
    private static boolean isMissingValue(VelocityException e) {
        String m = e.getMessage() == null ? "" : e.getMessage();
        return m.contains("evaluated to null") || m.contains("on a null value");
    }

    private static RenderedRecipient rejected(String key, String variant, String reason) {
        return new RenderedRecipient(key, variant, Map.of(), List.of(), reason);
    }
}
