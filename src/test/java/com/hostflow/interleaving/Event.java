package com.hostflow.interleaving;

import java.math.BigDecimal;

import com.hostflow.catalog.Period;

/**
 * One thing that happens to a scenario's clients and services. Events name clients, tariffs, services and department
 * tasks by their position (taken modulo what exists when the event runs), so an event list stays meaningful when
 * shrinking drops some of its events: an event about a service that does not exist yet does nothing.
 */
sealed interface Event {

    /** A client orders a service; with {@code prepay} an admin first records a payment of exactly its price. */
    record Order(int client, int tariff, Period period, int ramSteps, boolean prepay) implements Event {
        @Override
        public String toString() {
            return "client " + client + " orders tariff " + tariff + " for " + period + " with ram+" + ramSteps
                    + (prepay ? ", paying its price first" : "");
        }
    }

    /** Money arrives for a client: {@code amount}, or (when {@code exactFor} ≥ 0) exactly the next period's price of
     * that client's {@code exactFor}-th service. */
    record Pay(int client, BigDecimal amount, int exactFor) implements Event {
        @Override
        public String toString() {
            return exactFor >= 0 ? "client " + client + " pays exactly the next period of its service " + exactFor
                    : "client " + client + " pays " + amount.toPlainString();
        }
    }

    /** The client of the scenario's {@code service}-th service pays exactly that service's next period. */
    record PayNextPeriod(int service) implements Event {
        @Override
        public String toString() {
            return "the client of service " + service + " pays exactly its next period";
        }
    }

    enum ClockMove {
        MINUTES, DAYS, PERIOD_END, WEEKEND, MONDAY, HOLIDAY
    }

    /** The clock moves forward: by minutes or days, to around a service's paid-until, to a weekend, Monday, holiday. */
    record MoveClock(ClockMove move, int amount, int service) implements Event {
        @Override
        public String toString() {
            return switch (move) {
                case MINUTES -> "the clock moves " + amount + " minutes on";
                case DAYS -> "the clock moves " + amount + " days on";
                case PERIOD_END -> "the clock moves to " + amount + " minutes after the paid period of service "
                        + service + " ends";
                case WEEKEND -> "the clock moves to the next Saturday";
                case MONDAY -> "the clock moves to the next Monday";
                case HOLIDAY -> "the clock moves to the next public holiday (Jan 1, May 1, Dec 25)";
            };
        }
    }

    /** An admin starts a billing run. */
    record BillingRun() implements Event {
        @Override
        public String toString() {
            return "an admin starts a billing run";
        }
    }

    /** The client changes its service's RAM to the tariff's included value plus {@code ramSteps} steps. */
    record ChangeParameters(int service, int ramSteps) implements Event {
        @Override
        public String toString() {
            return "the client changes the RAM of service " + service + " to included+" + ramSteps + " steps";
        }
    }

    /** The client prolongs its service by one period. */
    record Prolong(int service, Period period) implements Event {
        @Override
        public String toString() {
            return "the client prolongs service " + service + " by " + period;
        }
    }

    /** The client deletes its service as its product type allows (asking for the phone code when needed). */
    record ClientDelete(int service) implements Event {
        @Override
        public String toString() {
            return "the client deletes service " + service;
        }
    }

    /** The client takes back a deletion that waits for the end of the paid period. */
    record WithdrawDeletion(int service) implements Event {
        @Override
        public String toString() {
            return "the client withdraws the deletion of service " + service;
        }
    }

    record AdminDelete(int service) implements Event {
        @Override
        public String toString() {
            return "an admin deletes service " + service;
        }
    }

    record AdminSuspend(int service, String reason) implements Event {
        @Override
        public String toString() {
            return "an admin suspends service " + service + " for " + reason;
        }
    }

    /** An admin resumes: lifts {@code reason}, or every admin reason when it is null. */
    record AdminResume(int service, String reason) implements Event {
        @Override
        public String toString() {
            return "an admin resumes service " + service + (reason == null ? "" : " lifting " + reason);
        }
    }

    /** The VMmanager 6 simulator's fault injection changes. */
    record SimulatorFaults(double failRate, boolean down, long taskDelayMs) implements Event {
        @Override
        public String toString() {
            return "VMmanager " + (down ? "goes down" : "is up") + " with failRate " + failRate + ", tasks take "
                    + taskDelayMs + " ms";
        }
    }

    /** The department decides an open task (the {@code task}-th, oldest first): retry, skip or abort. */
    record Decide(int task, String decision) implements Event {
        @Override
        public String toString() {
            return "the department decides " + decision + " on its open task " + task;
        }
    }

    /** Only a moment passes: until a module operation of the scenario is under way (a VM being stopped, opened...). */
    record Moment() implements Event {
        @Override
        public String toString() {
            return "a moment passes, until a module operation is under way";
        }
    }

    /**
     * An admin's write to the catalog. With {@code racing} it is sent at the same moment as the scenario's next event
     * (both released by one barrier), so the write meets that event's request half-way, not only the processes.
     */
    sealed interface CatalogWrite extends Event {
        boolean racing();

        default String racingText() {
            return racing() ? ", at the same moment as the next event" : "";
        }
    }

    /** How an admin's tariff change names the version it was made from. */
    enum IfMatch {
        /** no If-Match header: the write replaces whatever is there */
        NONE,
        /** the ETag of the GET the change was made from */
        CURRENT,
        /** an ETag of an older version: the write must be refused (412) and change nothing */
        STALE
    }

    /**
     * An admin sets every price of a tariff, its add-ons' too, to {@code percent} % of what they are now, and
     * (unless null) drops its price for {@code drop}: refused (409) while a live service would be left without a
     * price for its next period.
     */
    record ChangeTariffPrices(int tariff, int percent, Period drop, IfMatch ifMatch, boolean racing)
            implements CatalogWrite {
        @Override
        public String toString() {
            return "an admin sets the prices of tariff " + tariff + " to " + percent + " %"
                    + (drop == null ? "" : " without a price for " + drop) + " (If-Match " + ifMatch + ")"
                    + racingText();
        }
    }

    /** An admin takes a tariff off sale or puts it on sale again. */
    record SetTariffActive(int tariff, boolean active, boolean racing) implements CatalogWrite {
        @Override
        public String toString() {
            return "an admin " + (active ? "puts tariff " + tariff + " on sale again" : "takes tariff " + tariff
                    + " off sale") + racingText();
        }
    }

    /**
     * An admin changes a processing module's queue ("run operations in queue", with {@code queues} slots), the VM
     * module's or the manual one's.
     */
    record ChangeModuleQueue(boolean manual, boolean runInQueue, int queues, boolean racing) implements CatalogWrite {
        @Override
        public String toString() {
            return "an admin sets the " + (manual ? "manual" : "VMmanager") + " module's queue to "
                    + (runInQueue ? queues + " slots" : "off") + racingText();
        }
    }

    /** An admin enters the VM module's integration password again (the same one): a write of the module in use. */
    record RewriteModulePassword(boolean racing) implements CatalogWrite {
        @Override
        public String toString() {
            return "an admin enters the VMmanager module's password again" + racingText();
        }
    }

    /**
     * An admin changes the product type's rules: client deletion, deletion timing, weekends, auto-deletion days and
     * the trial policy, while deletions, suspensions and trials are under way.
     */
    record ChangeProductType(Scenario.Policy policy, boolean racing) implements CatalogWrite {
        @Override
        public String toString() {
            return "an admin changes the product type's rules to " + policy + racingText();
        }
    }

    /** Nothing new happens until the engine has settled. */
    record Settle() implements Event {
        @Override
        public String toString() {
            return "everybody waits until the engine has settled";
        }
    }
}
