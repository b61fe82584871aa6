package io.sendtime.render;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.sendtime.config.ErrorMessages;

/**
 * {@code GET /v1/content/<campaign>/<recipient>}: open-time content ({@link OpenTimeContent}), for an email service
 * that fetches content when the email is opened. Always 200 with tokens for a campaign that exists (personalised, or
 * its fallbacks with {@code X-Sendtime-Fallback: <reason>}), so the email shows something; 404 for a campaign that
 * does not. The body names the recipient by customer key only (never an address), and is not to be cached.
 */
@RestController
@ConditionalOnProperty(name = "sendtime.serve.enabled", havingValue = "true")
class ContentEndpoint {

    static final String FALLBACK_HEADER = "X-Sendtime-Fallback";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final OpenTimeContent content;

    ContentEndpoint(OpenTimeContent content) {
        this.content = content;
    }

    @GetMapping("/v1/content/{campaign}/{recipient}")
    ResponseEntity<String> content(@PathVariable("campaign") String campaign, @PathVariable("recipient") String recipient) {
        OpenTimeContent.Answer answer;
        try {
            answer = content.render(campaign, recipient);
        } catch (OpenTimeContent.NoCampaign e) {
            return error(HttpStatus.NOT_FOUND, e.getMessage());
        } catch (TemplateException e) {
            return error(HttpStatus.SERVICE_UNAVAILABLE, ErrorMessages.message(e));
        }
        ObjectNode body = JSON.createObjectNode();
        body.put("campaign", answer.campaign());
        body.put("customer_key", answer.customerKey());
        body.set("tokens", JSON.valueToTree(answer.tokens()));
        body.put("variant", answer.variant());
        body.put("rendered_at", answer.renderedAt().toString());
        body.put("load_id", answer.loadId());
        body.put("lookups", answer.lookups());
        body.put("fallback", answer.fallback());
        ResponseEntity.BodyBuilder builder = ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON)
                .header("Cache-Control", "no-store");
        if (answer.fallback() != null) {
            builder.header(FALLBACK_HEADER, answer.fallback());
        }
        return builder.body(body.toString());
    }

    private static ResponseEntity<String> error(HttpStatus status, String message) {
        ObjectNode body = JSON.createObjectNode();
        body.put("error", message);
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_JSON).body(body.toString());
    }
}
