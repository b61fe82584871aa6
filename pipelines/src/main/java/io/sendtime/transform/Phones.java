package io.sendtime.transform;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberFormat;

/**
 * Phone numbers to E.164 with libphonenumber. A number written without a country prefix is read in
 * the record's country. A number libphonenumber does not consider possible (wrong length for its
 * country) has no E.164 form: the result is null and the caller counts it.
 */
public final class Phones {

    private static final PhoneNumberUtil UTIL = PhoneNumberUtil.getInstance();

    private Phones() {
    }

    /**
     * @param countryCode ISO 3166-1 alpha-2 of the record, or null
     * @return e.g. {@code +16137795221}, or null when there is no number or it cannot be E.164
     */
    public static String toE164(String phone, String countryCode) {
        if (phone == null || phone.isBlank()) {
            return null;
        }
        try {
            var number = UTIL.parse(phone.strip(), countryCode == null ? "ZZ" : countryCode);
            return UTIL.isPossibleNumber(number) ? UTIL.format(number, PhoneNumberFormat.E164) : null;
        } catch (NumberParseException e) {
            return null;
        }
    }
}
