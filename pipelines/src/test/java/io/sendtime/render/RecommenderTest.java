package io.sendtime.render;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** The in-memory recommender: scores, ties, and only products in stock and priced in the email's currency. */
class RecommenderTest {

    @Test
    void recommendsOnlyProductsPricedInTheEmailsCurrencyWhateverCurrencyCameBefore() {
        // given: product 1 is bought together with 2 (5 orders), 3 (5 orders), 4 (2 orders) and 5 (9 orders, sold out)
        Recommender recommender = Recommender.of(List.of(
                new Recommender.Pair(1, 2, 5), new Recommender.Pair(1, 3, 5), new Recommender.Pair(1, 4, 2),
                new Recommender.Pair(1, 5, 9)), id -> id != 5);
        Map<Long, Map<String, Object>> inEuro = Map.of(2L, product(2, "EUR"), 4L, product(4, "EUR"),
                5L, product(5, "EUR"));
        Map<Long, Map<String, Object>> inDollar = Map.of(3L, product(3, "USD"), 2L, product(2, "USD"));

        // then each email gets what is priced in its own currency, ties to the lower id, never the sold-out one,
        // on the same thread one currency after the other and back
        for (int round = 0; round < 3; round++) {
            assertThat(recommender.recommend(List.of(1L), inEuro)).as("euro, round %d", round)
                    .containsExactly(product(2, "EUR"), product(4, "EUR"));
            assertThat(recommender.recommend(List.of(1L), inDollar)).as("dollar, round %d", round)
                    .containsExactly(product(2, "USD"), product(3, "USD"));
        }
        // and what they bought is never recommended to them
        assertThat(recommender.recommend(List.of(1L, 2L), inDollar)).containsExactly(product(3, "USD"));
        assertThat(recommender.recommend(List.of(), inDollar)).isEmpty();
    }

    private static Map<String, Object> product(long id, String currency) {
        return Map.of("product_id", id, "currency", currency);
    }
}
