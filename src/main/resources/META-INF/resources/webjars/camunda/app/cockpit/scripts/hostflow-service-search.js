// HostFlow "Services" in Cockpit: type a service id and see every process instance whose business key is that id,
// across all process definitions: running ones with their incidents, current activities and open tasks (linked to
// their Cockpit page), and ended ones with their end state and, on demand, what the history kept of them (the
// community edition has no page for an ended instance). Reads the engine REST API that
// Cockpit itself uses, with the logged-in user's session and authorizations.

const ROUTE = '/services';
const RUNNING = ['ACTIVE', 'SUSPENDED'];

/** A DOM element; children are nodes or strings (always text, never HTML). */
function h(tag, attributes, ...children) {
  const element = document.createElement(tag);
  Object.entries(attributes || {}).forEach(([name, value]) => {
    if (value === undefined || value === null || value === false) {
      return;
    }
    if (name.startsWith('on')) {
      element.addEventListener(name.substring(2), value);
    } else {
      element.setAttribute(name, value === true ? '' : value);
    }
  });
  children.flat().forEach(child => {
    if (child !== undefined && child !== null && child !== false) {
      element.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
  });
  return element;
}

function engineGet(api, path) {
  return fetch(api.engineApi + path, {
    credentials: 'same-origin',
    headers: {Accept: 'application/json', 'X-XSRF-TOKEN': api.CSRFToken}
  }).then(response => {
    if (!response.ok) {
      throw new Error('the engine answered ' + response.status + ' for ' + path);
    }
    return response.json();
  });
}

function when(timestamp) {
  return timestamp ? timestamp.replace('T', ' ').replace(/\.\d+([+-]\d{4}|Z)?$/, '') : '';
}

function serviceIdFromLocation() {
  const hash = window.location.hash || '';
  const query = hash.indexOf('?') < 0 ? '' : hash.substring(hash.indexOf('?') + 1);
  return (new URLSearchParams(query).get('id') || '').trim();
}

function linkToService(id) {
  return '#' + ROUTE + '?id=' + encodeURIComponent(id);
}

/** Parents before their called instances, each list by start time. */
function inCallOrder(instances) {
  const ids = new Set(instances.map(i => i.id));
  const children = new Map();
  instances.forEach(i => {
    const parent = ids.has(i.superProcessInstanceId) ? i.superProcessInstanceId : null;
    if (!children.has(parent)) {
      children.set(parent, []);
    }
    children.get(parent).push(i);
  });
  const ordered = [];
  const visit = (parent, depth) => (children.get(parent) || [])
    .sort((a, b) => (a.startTime || '').localeCompare(b.startTime || ''))
    .forEach(instance => {
      ordered.push({instance, depth});
      visit(instance.id, depth + 1);
    });
  visit(null, 0);
  return ordered;
}

function stateLabel(state) {
  const kind = state === 'ACTIVE' ? 'label-success' : state === 'SUSPENDED' ? 'label-warning'
    : state === 'COMPLETED' ? 'label-default' : 'label-danger';
  return h('span', {class: 'label ' + kind, 'data-state': state}, state);
}

/** The activities an instance is in now, from the runtime tree (works whatever the history level keeps). */
function currentActivities(tree) {
  const leaves = [];
  const visit = node => {
    const children = (node.childActivityInstances || []);
    const transitions = (node.childTransitionInstances || []);
    if (!children.length && !transitions.length && node !== tree) {
      leaves.push(node);
    }
    children.forEach(visit);
    transitions.forEach(t => leaves.push(t));
  };
  visit(tree);
  return leaves;
}

function runningDetails(api, instance) {
  const cell = h('div', {class: 'hostflow-now'}, 'loading…');
  Promise.all([
    engineGet(api, '/incident?processInstanceId=' + instance.id),
    engineGet(api, '/process-instance/' + instance.id + '/activity-instances'),
    engineGet(api, '/task?processInstanceId=' + instance.id),
    engineGet(api, '/job?processInstanceId=' + instance.id)
  ]).then(([incidents, tree, tasks, jobs]) => {
    // a user task's name may be an expression ("Service ${serviceId}: ${driftTitle}"): the activity tree has it as
    // written in the model, the task as the engine resolved it
    const taskNames = new Map(tasks.map(task => [task.taskDefinitionKey, task.name]));
    cell.replaceChildren(
      h('div', {class: 'hostflow-activities'}, 'at: ', currentActivities(tree)
        .map(a => ((a.activityType === 'userTask' && taskNames.get(a.activityId)) || a.activityName || a.activityId)
          + ' (' + a.activityType + ')').join(', ') || '–'),
      ...tasks.map(task => h('div', {class: 'hostflow-task'}, 'task "' + task.name + '"',
        task.assignee ? ', assigned to ' + task.assignee : ', not claimed',
        task.due ? ', due ' + when(task.due) : '', task.followUp ? ', follow-up ' + when(task.followUp) : '')),
      ...jobs.filter(job => job.dueDate && job.retries > 0).map(job => h('div', {class: 'hostflow-job'},
        'next step due ' + when(job.dueDate))),
      ...incidents.map(incident => h('div', {class: 'hostflow-incident text-danger'},
        h('strong', {}, 'incident '), incident.incidentType + ' at ' + incident.activityId + ': ',
        incident.incidentMessage || '')));
  }).catch(error => cell.replaceChildren(h('span', {class: 'text-danger'}, error.message)));
  return cell;
}

const definitionNames = new Map();

/** Names of a definition's elements by id, read from its BPMN once per page. */
function elementNames(api, definitionId) {
  if (!definitionNames.has(definitionId)) {
    definitionNames.set(definitionId, engineGet(api, '/process-definition/' + definitionId + '/xml')
      .then(definition => {
        const names = new Map();
        new DOMParser().parseFromString(definition.bpmn20Xml || '', 'application/xml')
          .querySelectorAll('[id][name]').forEach(e => names.set(e.getAttribute('id'), e.getAttribute('name')));
        return names;
      })
      .catch(() => new Map()));
  }
  return definitionNames.get(definitionId);
}

/**
 * What the history kept of an ended instance, oldest first: activities (production's lean level keeps only user
 * tasks, the full level every activity), user tasks with who worked them, incidents, decisions and kept variables.
 */
function historyRows(api, instance, names) {
  const of = '?processInstanceId=' + instance.id;
  return Promise.all([
    engineGet(api, '/history/activity-instance' + of + '&sortBy=startTime&sortOrder=asc'),
    engineGet(api, '/history/task' + of),
    engineGet(api, '/history/incident' + of),
    engineGet(api, '/history/decision-instance' + of + '&includeOutputs=true&disableCustomObjectDeserialization=true'),
    engineGet(api, '/history/variable-instance' + of + '&deserializeValues=false')
  ]).then(([activities, tasks, incidents, decisions, variables]) => {
    const taskActivities = new Set(tasks.map(t => t.activityInstanceId));
    return [
      ...activities.filter(a => !taskActivities.has(a.id)).map(a => ({kind: a.activityType,
        what: a.activityName || a.activityId, start: a.startTime, end: a.endTime,
        note: a.canceled ? 'cancelled' : ''})),
      ...tasks.map(t => ({kind: 'userTask', what: t.name || t.taskDefinitionKey, start: t.startTime, end: t.endTime,
        note: (t.assignee ? 'by ' + t.assignee : 'not claimed') + (t.deleteReason ? ', ' + t.deleteReason : '')})),
      ...incidents.map(i => ({kind: 'incident',
        what: i.incidentType + ' at ' + (names.get(i.activityId) || i.activityId),
        start: i.createTime, end: i.endTime, note: i.incidentMessage || ''})),
      ...decisions.map(d => ({kind: 'decision', what: d.decisionDefinitionName || d.decisionDefinitionKey,
        start: d.evaluationTime, end: null, note: (d.outputs || []).map(o => o.variableName + ' = ' + o.value)
          .join(', ')})),
      ...variables.map(v => ({kind: 'variable', what: v.name, start: v.createTime, end: null,
        note: String(v.value)}))
    ].sort((a, b) => (a.start || '').localeCompare(b.start || ''));
  });
}

function endedDetails(api, instance) {
  const history = h('div', {class: 'hostflow-history'});
  const toggle = h('a', {href: '', class: 'hostflow-show-history', onclick: event => {
    event.preventDefault();
    if (history.childElementCount) {
      history.replaceChildren();
      return;
    }
    history.replaceChildren('loading…');
    elementNames(api, instance.processDefinitionId)
      .then(names => historyRows(api, instance, names))
      .then(rows => history.replaceChildren(h('table', {class: 'table table-condensed hostflow-history-table'},
        h('thead', {}, h('tr', {}, h('th', {}, 'what'), h('th', {}, 'kind'), h('th', {}, 'started'),
          h('th', {}, 'ended'), h('th', {}, ''))),
        h('tbody', {}, rows.length ? rows.map(r => h('tr', {class: 'hostflow-history-' + r.kind},
          h('td', {}, r.what), h('td', {}, r.kind), h('td', {}, when(r.start)), h('td', {}, when(r.end)),
          h('td', {}, r.note))) : h('tr', {}, h('td', {colspan: 5}, 'nothing else kept'))))))
      .catch(error => history.replaceChildren(h('span', {class: 'text-danger'}, error.message)));
  }}, 'history');
  return h('div', {}, 'ended ' + when(instance.endTime) + ' · ', toggle, history);
}

function instanceRow(api, {instance, depth}) {
  const running = RUNNING.includes(instance.state);
  const name = (instance.processDefinitionName || instance.processDefinitionKey)
    + ' v' + (instance.processDefinitionVersion || '?');
  return h('tr', {class: 'hostflow-instance', 'data-instance-id': instance.id, 'data-state': instance.state},
    h('td', {style: 'padding-left:' + (8 + depth * 24) + 'px'}, depth ? '↳ ' : '',
      running ? h('a', {href: '#/process-instance/' + instance.id + '/runtime', class: 'hostflow-cockpit-link'}, name)
        : h('a', {href: '#/process-definition/' + instance.processDefinitionId + '/runtime'}, name),
      h('div', {class: 'text-muted small'}, instance.id)),
    h('td', {}, stateLabel(instance.state)),
    h('td', {}, when(instance.startTime)),
    h('td', {}, running ? runningDetails(api, instance) : endedDetails(api, instance)));
}

function search(api, results, id) {
  if (!id) {
    results.replaceChildren(h('p', {class: 'text-muted'}, 'Type the id of a service, e.g. 42.'));
    return;
  }
  results.replaceChildren(h('p', {}, 'searching…'));
  engineGet(api, '/history/process-instance?processInstanceBusinessKey=' + encodeURIComponent(id)
    + '&sortBy=startTime&sortOrder=asc')
    .then(instances => {
      if (!instances.length) {
        results.replaceChildren(h('p', {class: 'hostflow-none'}, 'No process instance has business key "' + id
          + '". Service ids are the numbers of /api/v1/services.'));
        return;
      }
      const running = instances.filter(i => RUNNING.includes(i.state)).length;
      results.replaceChildren(
        h('p', {class: 'hostflow-summary'}, 'Service ' + id + ': ' + instances.length + ' process instances, '
          + running + ' running, ' + (instances.length - running) + ' ended.'),
        h('table', {class: 'table table-bordered hostflow-results'},
          h('thead', {}, h('tr', {}, h('th', {}, 'process'), h('th', {}, 'state'), h('th', {}, 'started'),
            h('th', {}, 'now / history'))),
          h('tbody', {}, inCallOrder(instances).map(row => instanceRow(api, row)))));
    })
    .catch(error => results.replaceChildren(h('p', {class: 'text-danger'}, error.message)));
}

function searchForm(onSearch, value) {
  const input = h('input', {type: 'text', class: 'form-control', id: 'hostflow-service-id',
    placeholder: 'service id', value: value || '', 'aria-label': 'service id', style: 'width:12em'});
  return h('form', {class: 'form-inline hostflow-search', onsubmit: event => {
    event.preventDefault();
    onSearch(input.value.trim());
  }}, h('label', {for: 'hostflow-service-id'}, 'Service '), ' ', input, ' ',
  h('button', {type: 'submit', class: 'btn btn-primary', id: 'hostflow-find-service'}, 'Find'));
}

export default [
  {
    id: 'hostflow-services-page',
    pluginPoint: 'cockpit.route',
    priority: 0,
    properties: {path: ROUTE},
    render: (node, {api}) => {
      const results = h('div', {class: 'hostflow-service-results'});
      const show = id => {
        const target = linkToService(id);
        if (window.location.hash !== target) {
          // keeps the search in the address, so it can be bookmarked and shared
          window.history.replaceState(null, '', target);
        }
        search(api, results, id);
      };
      node.replaceChildren(h('div', {class: 'hostflow-services', style: 'padding:16px 24px'},
        h('h2', {}, 'Services'),
        h('p', {class: 'text-muted'}, 'Every process instance of a HostFlow service (business key = service id),'
          + ' in every process definition, running or ended.'),
        searchForm(show, serviceIdFromLocation()), h('hr'), results));
      search(api, results, serviceIdFromLocation());
    }
  },
  {
    id: 'hostflow-services-navigation',
    pluginPoint: 'cockpit.navigation',
    priority: 5,
    properties: {path: ROUTE},
    render: node => {
      node.replaceChildren(h('a', {href: '#' + ROUTE, id: 'hostflow-services-nav'}, 'Services'));
    }
  },
  {
    id: 'hostflow-services-dashboard',
    pluginPoint: 'cockpit.dashboard',
    priority: 20,
    render: node => {
      node.replaceChildren(h('section', {class: 'hostflow-dashboard-search', style: 'padding:8px 0'},
        h('h3', {}, 'Find a service'),
        searchForm(id => {
          window.location.hash = linkToService(id);
        })));
    }
  }
];
