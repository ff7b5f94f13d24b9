package com.hostflow.catalog;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import org.camunda.bpm.engine.BadUserRequestException;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.identity.Group;
import org.camunda.bpm.engine.identity.User;
import org.camunda.bpm.engine.task.Task;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import com.hostflow.audit.AuditAction;
import com.hostflow.audit.AuditLog;
import com.hostflow.catalog.DepartmentTaskTimes.Times;
import com.hostflow.common.web.ConflictException;
import com.hostflow.common.web.FieldProblems;
import com.hostflow.common.web.IfMatch;
import com.hostflow.common.web.NotFoundException;
import com.hostflow.security.GroupInUseException;
import com.hostflow.security.Roles;

/**
 * Departments, their Camunda groups (id = key, type {@code department}, name = department name) and their shared
 * Tasklist filters. The engine takes part in the same Spring transaction, so the row, the group and the filters
 * change together or not at all.
 */
@Service
@Transactional
public class DepartmentService {

    private static final Set<String> ROLE_GROUPS = Set.of(Roles.ADMIN_GROUP, Roles.STAFF_GROUP, Roles.CLIENT_GROUP);
    /** How many of a department's staff a refused deletion names; the rest are counted. */
    private static final int STAFF_NAMED = 10;

    static final String AUDIT_ENTITY = "department";

    private final DepartmentRepository departments;
    private final ProcessingModuleRepository modules;
    private final IdentityService identityService;
    private final TaskService taskService;
    private final DepartmentTaskFilters taskFilters;
    private final AuditLog auditLog;
    private final UnchangedWrites unchanged;
    private final SettingDepartments settingDepartments;
    private final JdbcTemplate jdbc;

    DepartmentService(DepartmentRepository departments, ProcessingModuleRepository modules,
            IdentityService identityService, TaskService taskService, DepartmentTaskFilters taskFilters,
            AuditLog auditLog, UnchangedWrites unchanged, SettingDepartments settingDepartments, JdbcTemplate jdbc) {
        this.departments = departments;
        this.modules = modules;
        this.identityService = identityService;
        this.taskService = taskService;
        this.taskFilters = taskFilters;
        this.auditLog = auditLog;
        this.unchanged = unchanged;
        this.settingDepartments = settingDepartments;
        this.jdbc = jdbc;
    }

    @Transactional(readOnly = true)
    public List<DepartmentView> list() {
        return departments.findAllByOrderByIdAsc().stream().map(DepartmentView::of).toList();
    }

    @Transactional(readOnly = true)
    public DepartmentView get(long id) {
        return DepartmentView.of(find(id));
    }

    /**
     * The checks of a create ({@code create}) or an update that bean validation cannot make, writing nothing: a body
     * its bean constraints refuse gets these problems too, in one round. An update's task times are checked against
     * each other only when both are given (one left out keeps the entry's value, which this does not read).
     */
    public void checkInput(DepartmentForm form, boolean create) {
        FieldProblems problems = new FieldProblems();
        if (create && form.key() != null) {
            checkKey(form.key().trim(), problems);
        }
        DepartmentTaskTimes.resolve(form, create ? Times.DEFAULTS : new Times(null, null), problems);
        problems.throwIfAny();
    }

    public DepartmentView create(DepartmentForm form) {
        String key = form.key().trim();
        FieldProblems problems = new FieldProblems();
        checkKey(key, problems);
        Times times = DepartmentTaskTimes.resolve(form, Times.DEFAULTS, problems);
        problems.throwIfAny();
        // keys that differ in case only ("Support", "support") would be two departments staff cannot tell apart; the
        // key's lock in any case makes two creates at once take turns (the unique index knows only the exact key)
        jdbc.queryForList("select pg_advisory_xact_lock(hashtext(?))", "hostflow.department:" + key.toLowerCase(
                Locale.ROOT));
        Optional<Department> sameKey = departments.findFirstByKeyIgnoreCase(key);
        if (sameKey.isPresent()) {
            throw new ConflictException("a department with key '" + sameKey.get().getKey() + "' exists already"
                    + (sameKey.get().getKey().equals(key) ? "" : " (keys must differ in more than case)"));
        }
        Group group = identityService.createGroupQuery().groupId(key).singleResult();
        if (group != null && !Roles.DEPARTMENT_GROUP_TYPE.equals(group.getType())) {
            throw new ConflictException("the Camunda group '" + key + "' exists already and is not a department");
        }
        Department department = new Department(key, form.name().trim());
        department.setTaskTimes(times.dueAfter(), times.followUpAfter());
        department = departments.saveAndFlush(department);
        // a department group left over from before (e.g. created in Camunda Admin) is adopted, not duplicated
        try {
            saveGroup(group == null ? identityService.newGroup(key) : group, department.getName());
        } catch (BadUserRequestException e) {
            // "The group already exists": Camunda's Admin app or the engine REST created it since the look above.
            // The department rolls back; sent again, it sees the group (adopts it, or says it is no department)
            throw new ConflictException("the Camunda group '" + key + "' was created meanwhile; send the request"
                    + " again");
        }
        taskFilters.ensure(department);
        departments.flush(); // the filters' ids raise the version: the answer's ETag is the one a GET gives
        DepartmentView created = DepartmentView.of(department);
        auditLog.record(AuditAction.CREATE, AUDIT_ENTITY, created.id(), null, created);
        return created;
    }

    private static void checkKey(String key, FieldProblems problems) {
        problems.addIf(ROLE_GROUPS.contains(key.toLowerCase(Locale.ROOT)), "key",
                "is the group of a role, not a department");
    }

    public DepartmentView update(long id, DepartmentForm form, IfMatch ifMatch) {
        Department department = departments.lockById(id).orElseThrow(() -> new NotFoundException("department", id));
        ifMatch.check(department.getVersion());
        FieldProblems problems = new FieldProblems();
        Times times = DepartmentTaskTimes.resolve(form, Times.of(department), problems);
        problems.throwIfAny();
        if (!department.getKey().equals(form.key().trim())) {
            throw new ConflictException("the key of department " + id + " cannot change: it is the id of its"
                    + " Camunda group that user tasks name");
        }
        DepartmentView before = DepartmentView.of(department);
        department.setName(form.name().trim());
        department.setTaskTimes(times.dueAfter(), times.followUpAfter());
        // its group and filters are named after it: nothing to rename either (start-up restores missing filters)
        if (unchanged.dropIfUnchanged(department, before, DepartmentView.of(department))) {
            return before;
        }
        Group group = identityService.createGroupQuery().groupId(department.getKey()).singleResult();
        saveGroup(group == null ? identityService.newGroup(department.getKey()) : group, department.getName());
        taskFilters.ensure(department);
        departments.flush(); // raises the version now: the answer's ETag is the new one
        DepartmentView after = DepartmentView.of(department);
        auditLog.record(AuditAction.UPDATE, AUDIT_ENTITY, id, before, after);
        return after;
    }

    public void delete(long id, IfMatch ifMatch) {
        Department department = departments.lockById(id).orElseThrow(() -> new NotFoundException("department", id));
        ifMatch.check(department.getVersion());
        // every reason at once: an admin who removes one should not meet the next only on the next try
        List<String> reasons = new ArrayList<>();
        if (modules.existsByDepartment(department)) {
            reasons.add("is still used by processing modules");
        }
        // a staff user needs a department; the identity store refuses the group's deletion too (under its row lock,
        // for a user who joins meanwhile), but only after every other reason had been answered on its own
        long staff = identityService.createUserQuery().memberOfGroup(department.getKey()).count();
        if (staff > 0) {
            List<String> named = identityService.createUserQuery().memberOfGroup(department.getKey()).orderByUserId()
                    .asc().listPage(0, STAFF_NAMED).stream().map(User::getId).toList();
            reasons.add("still has staff (" + String.join(", ", named)
                    + (staff > named.size() ? " and " + (staff - named.size()) + " more" : "")
                    + "): move them to another department first");
        }
        // tasks go to it when nothing else is set: deleted, they would go to a candidate group nobody can be in
        List<String> settings = settingDepartments.settingsNaming(department.getKey());
        if (!settings.isEmpty()) {
            reasons.add("is named by the setting" + (settings.size() > 1 ? "s " : " ") + String.join(" and ", settings)
                    + ": its tasks go there when nothing else is set; name another department there first");
        }
        // its open tasks (left behind when its module moved to another department) would go to nobody: only admins
        // could see them, with no filter, and their overdue mails went to no member
        List<String> open = taskService.createTaskQuery().taskCandidateGroup(department.getKey())
                .includeAssignedTasks().orderByTaskCreateTime().asc().listPage(0, 10).stream().map(Task::getId)
                .toList();
        if (!open.isEmpty()) {
            reasons.add("still has open tasks " + open + ": finish them, or give them another department in Tasklist"
                    + " (the task's Groups), first");
        }
        if (!reasons.isEmpty()) {
            throw new ConflictException("department " + id + " " + String.join("; it ", reasons));
        }
        DepartmentView before = DepartmentView.of(department);
        taskFilters.delete(department);
        departments.delete(department);
        departments.flush();
        try {
            identityService.deleteGroup(department.getKey());
        } catch (GroupInUseException e) { // staff belong to it; the row and filters come back with the rollback
            throw new ConflictException(e.getMessage());
        }
        auditLog.record(AuditAction.DELETE, AUDIT_ENTITY, id, before, null);
    }

    /**
     * Gives a department made before the filters existed (or one whose filter was deleted in Tasklist) its Tasklist
     * filters; the row lock keeps two nodes starting at once from doing it twice.
     */
    public void ensureTaskFilters(long id) {
        departments.lockById(id).ifPresent(taskFilters::ensure);
    }

    private Department find(long id) {
        return departments.findById(id).orElseThrow(() -> new NotFoundException("department", id));
    }

    private void saveGroup(Group group, String name) {
        group.setName(name);
        group.setType(Roles.DEPARTMENT_GROUP_TYPE);
        identityService.saveGroup(group);
    }
}
