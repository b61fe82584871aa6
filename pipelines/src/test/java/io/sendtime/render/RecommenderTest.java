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

    @Test
    void scoresAsTheWarehouseViewDoesOnARandomCatalogue() {
        // given: 300 products with sparse, unordered ids, each bought together with up to 10 others (a pair may repeat:
        // its orders add up), a third of them sold out and a fifth without a price in the email's currency
        java.util.Random random = new java.util.Random(18);
        List<Long> ids = random.longs(300, 1, 1_000_000_000L).distinct().boxed().toList();
        List<Recommender.Pair> pairs = new java.util.ArrayList<>();
        for (long id : ids) {
            for (int k = random.nextInt(11); k > 0; k--) {
                pairs.add(new Recommender.Pair(id, ids.get(random.nextInt(ids.size())), 1 + random.nextInt(4)));
            }
        }
        java.util.Collections.shuffle(pairs, random);
        java.util.function.LongPredicate inStock = id -> id % 3 != 0;
        Map<Long, Map<String, Object>> priced = new java.util.HashMap<>();
        ids.stream().filter(id -> id % 5 != 0).forEach(id -> priced.put(id, product(id, "EUR")));
        Recommender recommender = Recommender.of(pairs, inStock);

        for (int recipient = 0; recipient < 2000; recipient++) {
            List<Object> bought = random.ints(random.nextInt(8), 0, ids.size()).mapToObj(i -> (Object) ids.get(i)).toList();
            // then: each other product's orders together with what they bought, summed; what they bought, sold-out and
            // unpriced products left out; the best 5, higher score first, then lower product id
            Map<Long, Long> score = new java.util.HashMap<>();
            for (Recommender.Pair p : pairs) {
                if (bought.contains(p.productId())) {
                    score.merge(p.otherProductId(), p.ordersTogether(), Long::sum);
                }
            }
            List<Object> expected = score.entrySet().stream()
                    .filter(e -> !bought.contains(e.getKey()) && inStock.test(e.getKey()) && priced.containsKey(e.getKey()))
                    .sorted(Map.Entry.<Long, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                    .limit(Recommender.LIMIT).map(e -> (Object) priced.get(e.getKey())).toList();
            assertThat(recommender.recommend(bought, priced)).as("recipient %d, bought %s", recipient, bought)
                    .containsExactlyElementsOf(expected);
        }
    }

    private static Map<String, Object> product(long id, String currency) {
        return Map.of("product_id", id, "currency", currency);
    }
}
