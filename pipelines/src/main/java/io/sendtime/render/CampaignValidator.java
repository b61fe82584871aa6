package io.sendtime.render;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.velocity.Template;

/**
 * Lints every campaign of a catalog and renders it against sample recipients: campaign.yaml errors,
 * template syntax errors, forbidden directives and undefined macros (from parsing), references to values
 * no recipient has, and templates that fail on real data. Each problem is one line: file, line, reason.
 */
public final class CampaignValidator {

    /** Context values every recipient has (sql/render/recipients.sql), plus what the renderer adds. */
    public static final Set<String> CONTEXT = Set.of("customer_key", "email", "first_name", "last_name", "country",
            "language", "currency", "profile_currency", "orders_count", "lifetime_value_minor", "last_order_at", "days_since_last_order",
            "top_categories", "top_categories_by_views", "cart_items", "cart_value_minor", "cart_currency",
            "last_viewed", "recommendations", "segments", "primary_segment", "engagement_score", "fmt", "locale", "variant",
            "foreach", "velocityCount");

    private final CampaignCatalog catalog;

    public CampaignValidator(CampaignCatalog catalog) {
        this.catalog = catalog;
    }

    /** Problems of every campaign (empty: all valid), rendering each against {@code recipients}. */
    public List<String> validate(List<Map<String, Object>> recipients) {
        List<String> problems = new ArrayList<>();
        List<String> ids;
        try {
            ids = catalog.ids();
        } catch (TemplateException e) {
            return List.of(e.getMessage());
        }
        for (String id : ids) {
            CompiledCampaign campaign;
            try {
                campaign = catalog.compile(id);
            } catch (TemplateException e) {
                problems.add(e.getMessage());
                continue;
            }
            Set<String> seen = new HashSet<>();
            campaign.templates().values().forEach(tokens -> tokens.values().forEach(template -> {
                if (seen.add(template.getName())) {
                    unknownReferences(template, problems);
                }
            }));
            for (Map<String, Object> recipient : recipients) {
                RenderedRecipient r = campaign.render(recipient);
                if (r.rejected() && (r.rejection().startsWith("unresolved_reference")
                        || r.rejection().startsWith("template_error"))) {
                    problems.add("campaigns/" + id + ": recipient " + recipient.get("customer_key") + ": " + r.rejection());
                }
            }
        }
        return problems;
    }

    private static void unknownReferences(Template template, List<String> problems) {
        Set<String> assigned = SafeVelocity.assigned(template);
        SafeVelocity.references(template).forEach((name, line) -> {
            if (!CONTEXT.contains(name) && !assigned.contains(name)) {
                problems.add(template.getName() + ":" + line + ": unknown reference $" + name
                        + " (recipients have: templates/README.md)");
            }
        });
    }
}
