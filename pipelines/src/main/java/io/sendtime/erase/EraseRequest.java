package io.sendtime.erase;

/**
 * An erasure asked for: the person (an address, a customer key, a CRM contact id or a shop customer id) and
 * why. It never becomes a job parameter (the job repository would keep it): the job gets the erasure's id.
 */
public record EraseRequest(String customer, String reason) {

    public EraseRequest {
        if (customer == null || customer.isBlank()) {
            throw new IllegalArgumentException("--customer: give an address, a customer key or a source id");
        }
        reason = reason == null || reason.isBlank() ? "erasure request" : reason.strip();
        if (reason.length() > 200) {
            throw new IllegalArgumentException("--reason: at most 200 characters");
        }
    }
}
