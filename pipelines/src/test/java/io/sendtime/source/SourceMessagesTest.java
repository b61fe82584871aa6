package io.sendtime.source;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;

import org.junit.jupiter.api.Test;

/** A source's URL in errors and logs: never its query (cursors, keys as parameters) nor user info. */
class SourceMessagesTest {

    @Test
    void aUrlIsShownWithoutQueryOrUserInfo() {
        assertThat(RestSourceClient.shown(URI.create("https://bob:pa55@api.example.com:8443/v3/items?api_key=abc&after=x")))
                .isEqualTo("https://api.example.com:8443/v3/items");
        assertThat(RestSourceClient.shown(URI.create("http://127.0.0.1:8765"))).isEqualTo("http://127.0.0.1:8765");
    }
}
