package com.hostflow.catalog;

import java.util.List;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import com.hostflow.audit.AuditAction;
import com.hostflow.audit.AuditLog;
import com.hostflow.common.web.ConflictException;
import com.hostflow.common.web.IfMatch;
import com.hostflow.common.web.NotFoundException;

@Service
@Transactional
public class TariffGroupService {

    static final String AUDIT_ENTITY = "tariff-group";

    private final TariffGroupRepository groups;
    private final TariffPlanRepository tariffs;
    private final AuditLog auditLog;
    private final UnchangedWrites unchanged;

    TariffGroupService(TariffGroupRepository groups, TariffPlanRepository tariffs, AuditLog auditLog,
            UnchangedWrites unchanged) {
        this.groups = groups;
        this.tariffs = tariffs;
        this.auditLog = auditLog;
        this.unchanged = unchanged;
    }

    @Transactional(readOnly = true)
    public List<TariffGroupView> list() {
        return groups.findAllByOrderByIdAsc().stream().map(TariffGroupView::of).toList();
    }

    @Transactional(readOnly = true)
    public TariffGroupView get(long id) {
        return TariffGroupView.of(find(id));
    }

    public TariffGroupView create(TariffGroupForm form) {
        TariffGroupView created = TariffGroupView.of(groups.saveAndFlush(new TariffGroup(form.name().trim())));
        auditLog.record(AuditAction.CREATE, AUDIT_ENTITY, created.id(), null, created);
        return created;
    }

    public TariffGroupView update(long id, TariffGroupForm form, IfMatch ifMatch) {
        TariffGroup group = lock(id);
        ifMatch.check(group.getVersion());
        TariffGroupView before = TariffGroupView.of(group);
        group.setName(form.name().trim());
        if (unchanged.dropIfUnchanged(group, before, TariffGroupView.of(group))) {
            return before;
        }
        groups.flush(); // raises the version now: the answer's ETag is the new one
        TariffGroupView after = TariffGroupView.of(group);
        auditLog.record(AuditAction.UPDATE, AUDIT_ENTITY, id, before, after);
        return after;
    }

    public void delete(long id, IfMatch ifMatch) {
        TariffGroup group = lock(id);
        ifMatch.check(group.getVersion());
        if (tariffs.existsByGroup(group)) {
            throw new ConflictException("tariff group " + id + " still has tariffs");
        }
        TariffGroupView before = TariffGroupView.of(group);
        groups.delete(group);
        groups.flush();
        auditLog.record(AuditAction.DELETE, AUDIT_ENTITY, id, before, null);
    }

    private TariffGroup find(long id) {
        return groups.findById(id).orElseThrow(() -> new NotFoundException("tariff group", id));
    }

    /** For a change: the row stays locked until the transaction ends, so changes of it take turns. */
    private TariffGroup lock(long id) {
        return groups.lockById(id).orElseThrow(() -> new NotFoundException("tariff group", id));
    }
}
