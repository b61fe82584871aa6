package io.sendtime.render;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;

/**
 * A/B variant of a recipient: a bucket 0..99 from SHA-256 of (campaign id, customer key), so the same
 * recipient always gets the same variant of a campaign, in any run, and the splits hold.
 */
final class Variants {

    private final String campaignId;
    private final List<Campaign.Variant> variants;

    Variants(Campaign campaign) {
        this.campaignId = campaign.id();
        this.variants = campaign.variantsOrDefault();
    }

    String of(String customerKey) {
        int bucket = bucket(campaignId, customerKey);
        int upTo = 0;
        for (Campaign.Variant v : variants) {
            upTo += v.percent();
            if (bucket < upTo) {
                return v.name();
            }
        }
        return variants.get(variants.size() - 1).name();
    }

    static int bucket(String campaignId, String customerKey) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256")
                    .digest((campaignId + ":" + customerKey).getBytes(StandardCharsets.UTF_8));
            long v = 0;
            for (int i = 0; i < 8; i++) {
                v = (v << 8) | (h[i] & 0xff);
            }
            return (int) Long.remainderUnsigned(v, 100);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
