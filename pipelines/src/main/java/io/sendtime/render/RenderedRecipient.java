package io.sendtime.render;

import java.util.List;
import java.util.Map;

/**
 * One recipient after rendering: the token set (variant, tokens, the tokens that took their fallback),
 * or the reason it was rejected ({@code required_token_empty:<token>}, {@code unresolved_reference:<token>},
 * {@code too_long:<token>}, {@code template_error:<token>}).
 */
public record RenderedRecipient(String customerKey, String variant, Map<String, String> tokens,
                                List<String> fallbacks, String rejection) {

    public boolean rejected() {
        return rejection != null;
    }
}
