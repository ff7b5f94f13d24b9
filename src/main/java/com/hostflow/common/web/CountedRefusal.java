package com.hostflow.common.web;

/**
 * A 422 whose transaction commits what it wrote before the refusal (a wrong deletion code's try, counted), instead of
 * rolling it back: thrown through {@code @Transactional(noRollbackFor = CountedRefusal.class)}, and
 * {@link RequestKeys#once} commits its transaction before passing it on (recording no key). So the count needs no
 * transaction of its own beside the request's, which took a second connection while the first held a row lock.
 */
public class CountedRefusal extends BusinessRuleException {

    public CountedRefusal(String code, String message) {
        super(code, message);
    }
}
