package com.hostflow.catalog;

import java.util.List;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import com.hostflow.common.web.ConflictException;
import com.hostflow.common.web.NotFoundException;

@Service
@Transactional
public class TariffGroupService {

    private final TariffGroupRepository groups;
    private final TariffPlanRepository tariffs;

    TariffGroupService(TariffGroupRepository groups, TariffPlanRepository tariffs) {
        this.groups = groups;
        this.tariffs = tariffs;
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
        return TariffGroupView.of(groups.save(new TariffGroup(form.name().trim())));
    }

    public TariffGroupView update(long id, TariffGroupForm form) {
        TariffGroup group = find(id);
        group.setName(form.name().trim());
        return TariffGroupView.of(group);
    }

    public void delete(long id) {
        TariffGroup group = find(id);
        if (tariffs.existsByGroup(group)) {
            throw new ConflictException("tariff group " + id + " still has tariffs");
        }
        groups.delete(group);
        groups.flush();
    }

    private TariffGroup find(long id) {
        return groups.findById(id).orElseThrow(() -> new NotFoundException("tariff group", id));
    }
}
