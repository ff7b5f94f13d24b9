package com.hostflow.lifecycle.deletion;

import java.time.Clock;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import java.util.Set;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

import com.hostflow.audit.AuditAction;
import com.hostflow.audit.AuditLog;
import com.hostflow.billing.BillingCalendar;
import com.hostflow.billing.BillingService;
import com.hostflow.catalog.CatalogLookup;
import com.hostflow.catalog.ClientDeletion;
import com.hostflow.catalog.OnClientDelete;
import com.hostflow.catalog.ProductTypeRules;
import com.hostflow.common.web.ConflictException;
import com.hostflow.common.web.CountedRefusal;
import com.hostflow.common.web.NotFoundException;
import com.hostflow.credentials.ServiceCredentials;
import com.hostflow.lifecycle.LifecycleEvents;
import com.hostflow.lifecycle.failedclose.FailedServiceCloses;
import com.hostflow.lifecycle.order.ServiceOrders;
import com.hostflow.lifecycle.reminders.ExpiryReminderPlanning;
import com.hostflow.modules.ModuleOperation;
import com.hostflow.services.ClientContacts;
import com.hostflow.services.DeletionReason;
import com.hostflow.services.OperationJournal;
import com.hostflow.services.ServiceInstance;
import com.hostflow.services.ServiceRepository;
import com.hostflow.services.ServiceStatus;

/**
 * Deleting services: an admin deletes at once; a client as the product type allows (allowed, prohibited, or after
 * phone verification) and when it says (at once or at the end of the paid period, waiting on a timer in
 * ServiceDeletionProcess). A service not yet set up (ORDERED, PROCESSING) is deleted by its ServiceOrderProcess,
 * which hears Msg_DeletionRequested (when none listens, ServiceDeletionProcess deletes it). One deletion at a time: {@code delete_at} is written under the service's row lock
 * when a deletion is asked for, and while it is set the billing run leaves the service alone.
 */
@Service
public class ServiceDeletions {

    private final ServiceRepository services;
    private final CatalogLookup catalog;
    private final BillingService billing;
    private final LifecycleEvents events;
    private final AuditLog audit;
    private final PhoneVerification phoneVerification;
    private final ClientContacts clientContacts;
    private final ExpiryReminderPlanning reminders;
    private final ServiceCredentials credentials;
    private final TransactionTemplate transaction;
    private final Clock clock;
    private final OperationJournal journal;
    private final FailedServiceCloses failedCloses;
    private final ServiceOrders orders;

    ServiceDeletions(ServiceRepository services, CatalogLookup catalog, BillingService billing, LifecycleEvents events,
            AuditLog audit, PhoneVerification phoneVerification, ClientContacts clientContacts,
            ExpiryReminderPlanning reminders, ServiceCredentials credentials, TransactionTemplate transaction,
            Clock clock, OperationJournal journal, FailedServiceCloses failedCloses, ServiceOrders orders) {
        this.services = services;
        this.orders = orders;
        this.failedCloses = failedCloses;
        this.journal = journal;
        this.catalog = catalog;
        this.billing = billing;
        this.events = events;
        this.audit = audit;
        this.phoneVerification = phoneVerification;
        this.clientContacts = clientContacts;
        this.reminders = reminders;
        this.credentials = credentials;
        this.transaction = transaction;
        this.clock = clock;
    }

    /**
     * Task_ReadDeletionFacts: whether a deletion is on record (asked for by an admin or the client; none when a
     * calling process deletes an unpaid service) and whether the service is paid past today.
     */
    public record Facts(boolean askedFor, boolean paidPastToday) {
    }

    /** What a deletion does, for the process's gateways. */
    public record Registered(Date deleteAt, boolean inModule) {
    }

    /**
     * Sends the client the code that confirms deleting a service of a PHONE_VERIFIED product type: the code is stored
     * (under the service's row lock, so two requests at once draw one code and one waits) and committed before the
     * SMS gateway is called, outside any transaction.
     */
    public Instant sendDeletionCode(long serviceId) {
        PhoneVerification.IssuedCode issued = transaction.execute(status -> {
            ServiceInstance service = lockedDeletable(serviceId);
            ProductTypeRules rules = rulesOf(service);
            if (service.getStatus() == ServiceStatus.FAILED) {
                throw new ConflictException("service " + serviceId + " failed to be set up: it is deleted without a"
                        + " code");
            }
            if (service.getStatus() == ServiceStatus.ORDERED) {
                throw new ConflictException("service " + serviceId + " is an unpaid order: it is cancelled without a"
                        + " code");
            }
            if (rules.clientDeletion() != ClientDeletion.PHONE_VERIFIED) {
                throw new ConflictException("services of product type " + rules.code() + " are deleted without a code");
            }
            String phone = clientContacts.contact(service.getClientId()).map(ClientContacts.Contact::phone)
                    .orElse(null);
            return phoneVerification.issue(serviceId, phone);
        });
        phoneVerification.deliver(issued);
        return issued.expiresAt();
    }

    /** An admin deletes the service at once; a deletion waiting for the end of the paid period happens now. */
    @Transactional
    public void deleteByAdmin(long serviceId) {
        ServiceInstance service = lockedDeletable(serviceId);
        service.deletionAskedFor(DeletionReason.ADMIN);
        audit.record(AuditAction.DELETE, "service", serviceId, null, Map.of("status", service.getStatus().name(),
                "deletionReason", DeletionReason.ADMIN.name()));
        if (service.getStatus() == ServiceStatus.FAILED) {
            closeFailed(service);
            return;
        }
        Instant now = clock.instant();
        if (notSetUp(service) && events.deletionRequested(serviceId) > 0) {
            return;
        }
        if (service.getDeleteAt() != null) {
            if (!service.getDeleteAt().isAfter(now)) {
                throw new ConflictException("service " + serviceId + " is being deleted already");
            }
            service.moveDeletion(now, now);
            if (events.deletionRequested(serviceId) > 0) {
                return;
            }
        }
        start(service, null, now);
    }

    /**
     * The client deletes its service as the product type allows; answers when the deletion happens. A wrong phone
     * code's try is committed with the refusal ({@link CountedRefusal}).
     */
    @Transactional(noRollbackFor = CountedRefusal.class)
    public Instant deleteByClient(long serviceId, String verificationCode) {
        ServiceInstance service = lockedDeletable(serviceId);
        if (service.getDeleteAt() != null) {
            throw new ConflictException("service " + serviceId + " is being deleted already");
        }
        if (service.getStatus() == ServiceStatus.FAILED) {
            // the ban on client deletions and the phone code guard a running service: this one never ran
            clientAsked(service, DeletionReason.CLIENT);
            closeFailed(service);
            return clock.instant();
        }
        ProductTypeRules rules = rulesOf(service);
        // the ban and the phone code guard a service that is paid for: an unpaid order is only cancelled (a client
        // of a PROHIBITED product type could not take back an order it would never pay)
        boolean unpaidOrder = service.getStatus() == ServiceStatus.ORDERED;
        if (!unpaidOrder && rules.clientDeletion() == ClientDeletion.PROHIBITED) {
            throw new ConflictException("services of product type " + rules.code() + " cannot be deleted by clients");
        }
        if (!unpaidOrder && rules.clientDeletion() == ClientDeletion.PHONE_VERIFIED) {
            phoneVerification.consume(serviceId, verificationCode);
        }
        Instant now = clock.instant();
        Instant deleteAt = clientDeletionWaitsUntil(service, rules, now);
        // on record and audited before its order's process hears of it: a cancelled order is a deletion the client
        // asked for like any other
        clientAsked(service, deleteAt == null ? DeletionReason.CLIENT : DeletionReason.CLIENT_AT_PERIOD_END);
        if (notSetUp(service) && events.deletionRequested(serviceId) > 0) {
            return now;
        }
        String instance = start(service, deleteAt, now);
        // its close refused is the client's to see (an admin's or the rules' deletion refused is not)
        journal.askedByClient(serviceId, ModuleOperation.CLOSE.feature(), instance);
        return deleteAt == null ? now : deleteAt;
    }

    /**
     * Until when a client's deletion asked for {@code now} waits: the end of the paid period where the product type
     * says so and some of it is left; null when the service goes at once (none left: never set up, or expired).
     */
    public static Instant clientDeletionWaitsUntil(ServiceInstance service, ProductTypeRules rules, Instant now) {
        return rules.onClientDelete() == OnClientDelete.END_OF_PAID_PERIOD && service.getPaidUntil() != null
                && service.getPaidUntil().isAfter(now) ? service.getPaidUntil() : null;
    }

    /**
     * The client (or an admin) takes back a deletion that waits for the end of the paid period: the waiting
     * ServiceDeletionProcess hears Msg_DeletionWithdrawn and keeps the service running (in this transaction, under the
     * service's row lock that an admin's deletion takes too). 409 when no deletion is on record, when it no longer
     * waits (the period ended, or an admin deleted the service now): it is under way, or when an admin suspended it
     * in Cockpit (it hears nothing until activated).
     */
    @Transactional
    public void withdraw(long serviceId) {
        ServiceInstance service = lockedDeletable(serviceId);
        Instant deleteAt = service.getDeleteAt();
        if (deleteAt == null) {
            throw new ConflictException("service " + serviceId + " is not to be deleted: there is nothing to withdraw");
        }
        if (events.deletionWithdrawn(serviceId) == 0) {
            if (events.suspendedWaitFor(LifecycleEvents.MESSAGE_DELETION_WITHDRAWN, serviceId)) {
                throw new ConflictException("service " + serviceId + ": its deletion is held by an administrator;"
                        + " it can be withdrawn once it runs again");
            }
            throw new ConflictException("service " + serviceId + " is being deleted: it is too late to withdraw");
        }
        // under whoever withdrew it: a client's deletion is audited under its login, and so is its change of mind
        audit.record(AuditAction.UPDATE, "service", serviceId, Map.of("deleteAt", deleteAt.toString()),
                Map.of("deleteAt", "withdrawn"));
    }

    /**
     * The first step of ServiceDeletionProcess: what its gateway Gateway_PaidPastToday decides on. Under the service's
     * row lock, as the registration that follows in the same transaction.
     */
    @Transactional
    public Facts facts(long serviceId) {
        ServiceInstance service = services.findForUpdate(serviceId).orElseThrow();
        return new Facts(service.getDeleteAt() != null,
                BillingCalendar.paidPastToday(service.getPaidUntil(), clock.instant()));
    }

    /**
     * The registration in ServiceDeletionProcess, however it was started (an admin, a client, the auto-deletion of an
     * unpaid service): the deletion is on record, and answers when it happens and whether a module closes it.
     */
    @Transactional
    public Registered register(long serviceId, String processInstanceId) {
        // the row lock orders this with the billing run's reminder claim: a claim first is withdrawn below, a claim
        // after sees the deletion and claims nothing
        ServiceInstance service = services.findForUpdate(serviceId).orElseThrow();
        Instant now = clock.instant();
        if (service.getDeleteAt() == null) {
            // started by another process (the deletion of an unpaid service): this deletion owns it
            service.scheduleDeletion(now, processInstanceId, now);
            service.deletionAskedFor(DeletionReason.UNPAID);
        }
        Instant deleteAt = service.getDeleteAt().isAfter(now) ? service.getDeleteAt() : null;
        boolean inModule = service.getProcessingModuleId() != null && service.getStatus() != ServiceStatus.ORDERED;
        // a service on its way out is not reminded to pay for more
        events.remindersWithdrawn(serviceId);
        return new Registered(deleteAt == null ? null : Date.from(deleteAt), inModule);
    }

    /**
     * Every other wait of the service (an unpaid prolongation, a pending suspension) ends: it is being deleted. One an
     * admin suspended in Cockpit hears it once activated.
     */
    @Transactional
    public void announce(long serviceId) {
        events.deletionAnnounced(serviceId, ServiceDeletionProcess.KEY);
    }

    /**
     * The service is gone: DELETED, no reason in force, and the unused part of what the client paid goes back as its
     * product type's refund policy says (nothing is unused when the paid period is over). An order of it still
     * waiting for its payment is CANCELLED with it.
     */
    @Transactional
    public void markDeleted(long serviceId) {
        ServiceInstance service = services.findById(serviceId).orElseThrow();
        Instant now = clock.instant();
        service.getSuspensionReasons().forEach(reason -> service.removeSuspension(reason, now));
        service.changeStatus(ServiceStatus.DELETED, now);
        credentials.forget(serviceId);
        orders.cancelUnpaidOrderOfDeleted(serviceId);
        // the service's lane keeps a deletion behind a parameter change; should one still be in progress, its undo
        // gives its money back whole once the module refuses it, so the refund leaves it out
        billing.refundUnused("delete-refund-" + serviceId, service.getClientId(), serviceId,
                service.getProductType(), BillingCalendar.day(now),
                service.getParameterChangeKey().map(Set::of).orElse(Set.of()));
    }

    /**
     * The service stays, billed and reminded as before: the module could not close it and the department gave up, or
     * the deletion was withdrawn. Its expiry reminders, withdrawn when the deletion was registered, are planned again.
     */
    @Transactional
    public void keep(long serviceId) {
        ServiceInstance service = services.findById(serviceId).orElseThrow();
        if (!service.isDeleted()) {
            service.dropDeletion(clock.instant());
            reminders.replan(serviceId);
        }
    }

    /**
     * A deletion process of the service ended (its end listener). One that ended without deleting the service was
     * cancelled (in Cockpit, at any of its waits): its {@code delete_at} goes, when it is the deletion that set it.
     * Otherwise every later prolongation, change and deletion of the service answered 409 for good, and the billing
     * run, which leaves services with a deletion on record alone, never charged it again. A deletion another one took
     * over from (an admin's, started while the client's could not hear it) leaves the newer one's alone.
     */
    @Transactional
    public void ended(long serviceId, String processInstanceId) {
        ServiceInstance service = services.findForUpdate(serviceId).orElse(null);
        if (service == null || service.isDeleted() || !service.ownsDeletion(processInstanceId)) {
            return;
        }
        service.dropDeletion(clock.instant());
    }

    /**
     * A FAILED service (its open failed, what the module made was closed, what was paid went back) is taken off the
     * books at once: DELETED with no ServiceDeletionProcess, so no module call for a host that is not there, no
     * "service deleted" mail for a service the client never had and no refund (nothing of it is unused). A close its
     * cancelled order started may still run: it is a ModuleOperationProcess of its own that reads neither the
     * service's status nor its credentials, so it closes what was made either way. When the order's close was
     * refused or given up (the last settled close in the journal), the module may still hold a VM:
     * FailedServiceCloseProcess asks it to close it again, after this commits.
     */
    private void closeFailed(ServiceInstance service) {
        service.changeStatus(ServiceStatus.DELETED, clock.instant());
        credentials.forget(service.getId());
        failedCloses.closeAgainIfRefused(service.getId());
    }

    /**
     * The client asked for the deletion: on record with the service (its mail and the client area say so) and in the
     * audit log under the client's name, as an admin's deletion is under the admin's.
     */
    private void clientAsked(ServiceInstance service, DeletionReason reason) {
        service.deletionAskedFor(reason);
        audit.record(AuditAction.DELETE, "service", service.getId(), null, Map.of("status",
                service.getStatus().name(), "deletionReason", reason.name()));
    }

    /** Answers the deletion's process instance. */
    private String start(ServiceInstance service, Instant deleteAt, Instant now) {
        // on record before the start: its first step reads when to delete
        service.scheduleDeletion(deleteAt == null ? now : deleteAt, null, now);
        String instance = events.start(ServiceDeletionProcess.KEY, service.getId(),
                Map.of(ServiceDeletionProcess.SERVICE_ID, service.getId()));
        service.ownDeletion(instance);
        return instance;
    }

    private static boolean notSetUp(ServiceInstance service) {
        return service.getStatus() == ServiceStatus.ORDERED || service.getStatus() == ServiceStatus.PROCESSING;
    }

    private ProductTypeRules rulesOf(ServiceInstance service) {
        return catalog.productType(service.getProductType()).orElseThrow(
                () -> new IllegalStateException("unknown product type " + service.getProductType()));
    }

    private ServiceInstance lockedDeletable(long serviceId) {
        ServiceInstance service = services.findForUpdate(serviceId)
                .orElseThrow(() -> new NotFoundException("service", serviceId));
        if (service.isDeleted()) {
            throw new ConflictException("service " + serviceId + " is deleted already");
        }
        return service;
    }
}
