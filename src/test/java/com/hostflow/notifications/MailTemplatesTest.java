package com.hostflow.notifications;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.web.util.HtmlUtils;

/** The built-in templates render in both languages, with everything and with nothing; the operator's folder wins. */
class MailTemplatesTest {

    /** Every event the issue names, and the staff's overdue task. */
    static final List<String> EVENTS = List.of("order-awaiting-payment", "payment-received", "service-ready",
            "service-expiring", "service-suspended", "service-resumed", "deletion-scheduled", "deletion-withdrawn",
            "service-deleted", "parameter-change-done", "parameter-change-refused", "password-changed",
            "password-change-failed", "task-overdue", "prolongation-not-paid", "prolongation-being-deleted",
            "order-cancelled", "order-cancelled-refunded", "order-failed", "operation-refused", "services-renewed");

    @TempDir
    Path operatorFolder;

    @Test
    void everyEventHasATemplateInEnglishAndRussianThatRendersFullAndEmptyModels() {
        MailTemplates templates = new MailTemplates(settings(null));

        assertThat(templates.names()).containsAll(EVENTS);
        for (String event : EVENTS) {
            assertThat(templates.languages(event)).as(event).containsExactly("en", "ru");
            for (String language : List.of("en", "ru")) {
                MailTemplates.RenderedMail full = templates.render(event, language, fullModel());
                assertThat(templates.renderSubject(event, language, fullModel())).as("subject alone of %s %s", event,
                        language).isEqualTo(full.subject());
                assertThat(full.subject()).as(event + " " + language).isNotBlank().doesNotContain("\n", "[(", "${");
                assertThat(full.text()).as(event + " " + language).contains("Demo Hosting team")
                        .doesNotContain("[(", "[#", "${");
                assertThat(full.html()).as(event + " " + language).contains("Demo Hosting team", "<html")
                        .doesNotContain("th:", "${");
                MailTemplates.RenderedMail empty = templates.render(event, language, emptyModel());
                assertThat(empty.subject()).as(event + " " + language + " empty").isNotNull();
            }
        }
    }

    /**
     * A client's prolongation that a deletion overtook: nothing was charged because the service is being deleted,
     * and what the client may do depends on who deletes it (only its own deletion at the period's end can be taken
     * back).
     */
    @Test
    void aProlongationOvertakenByADeletionSaysNothingWasChargedAndWhoDeletesIt() {
        MailTemplates templates = new MailTemplates(settings(null));
        Map<String, Object> model = fullModel();
        Map<String, Object> service = new LinkedHashMap<>(castMap(model.get("service")));
        model.put("params", Map.of("period", "YEAR"));
        for (String[] reason : new String[][] {{"ADMIN", "by our staff"},
                {"CLIENT_AT_PERIOD_END", "press Keep this service"}, {"CLIENT", "at your request"}}) {
            service.put("deletionReason", reason[0]);
            model.put("service", service);
            MailTemplates.RenderedMail en = templates.render("prolongation-being-deleted", "en", model);
            assertThat(en.subject()).isEqualTo("Your VPS-2 was not prolonged: it is being deleted");
            assertThat(en.text()).as(reason[0]).contains("(#7) for 1 year: it is being deleted");
            assertThat(untagged(en.html())).as(reason[0]).contains("(#7) for 1 year: it is being deleted");
            MailTemplates.RenderedMail ru = templates.render("prolongation-being-deleted", "ru", model);
            assertThat(ru.text()).as(reason[0]).contains("(№7) на 1 год: она удаляется");
            assertThat(untagged(ru.html())).as(reason[0]).contains("(№7) на 1 год: она удаляется");
            assertThat(List.of(en.text(), en.html())).as(reason[0]).allSatisfy(text -> assertThat(text)
                    .contains("it is being deleted", "Nothing was charged", reason[1]).doesNotContain("top it up"));
        }
    }

    /**
     * A cancelled unpaid order says who cancelled it, before anything was set up, and that nothing was charged; it
     * said "it was not paid in time, or it was deleted before it was paid" whoever had cancelled it.
     */
    @Test
    void aCancelledOrderSaysWhoCancelledItAndNeverThatSomethingWasDeleted() {
        MailTemplates templates = new MailTemplates(settings(null));
        for (String[] reason : new String[][] {{"CLIENT", "you cancelled it", "вы отменили его"},
                {"ADMIN", "our staff cancelled it", "его отменили наши сотрудники"},
                {"UNPAID", "it was not paid in time", "он не был оплачен вовремя"}}) {
            Map<String, Object> model = deletedFor(reason[0]);
            MailTemplates.RenderedMail en = templates.render("order-cancelled", "en", model);
            MailTemplates.RenderedMail ru = templates.render("order-cancelled", "ru", model);
            assertThat(List.of(en.text(), en.html())).as(reason[0]).allSatisfy(text -> assertThat(text)
                    .contains("is cancelled before the service was set up", reason[1], "Nothing was charged")
                    .doesNotContain("deleted"));
            assertThat(List.of(ru.text(), ru.html())).as(reason[0]).allSatisfy(text -> assertThat(text)
                    .contains(reason[2], "Ничего не списано").doesNotContain("удал"));
        }
    }

    /**
     * A paid order cancelled while its service was being set up: who cancelled it, as order-cancelled says it, and
     * the amount paid back on the balance, never "nothing was charged" (the client got no mail at all); a free trial
     * names no amount.
     */
    @Test
    void aPaidOrderCancelledWhileSetUpSaysWhoCancelledItAndThatWhatWasPaidCameBack() {
        MailTemplates templates = new MailTemplates(settings(null));
        for (String[] reason : new String[][] {{"CLIENT", "you cancelled it", "вы отменили его"},
                {"ADMIN", "our staff cancelled it", "его отменили наши сотрудники"}}) {
            Map<String, Object> model = deletedFor(reason[0]);
            MailTemplates.RenderedMail en = templates.render("order-cancelled-refunded", "en", model);
            MailTemplates.RenderedMail ru = templates.render("order-cancelled-refunded", "ru", model);
            assertThat(en.subject()).isEqualTo("Order #11 is cancelled: 14.00 EUR back on your balance");
            assertThat(List.of(en.text(), untagged(en.html()))).as(reason[0]).allSatisfy(text -> assertThat(text)
                    .contains("while the service was being set up: " + reason[1],
                            "The 14.00 EUR you paid for it went back to your balance", "Your balance is 25.00 EUR")
                    .doesNotContain("Nothing was charged"));
            assertThat(ru.subject()).isEqualTo("Заказ №11 отменён: 14.00 EUR возвращены на баланс");
            assertThat(List.of(ru.text(), untagged(ru.html()))).as(reason[0]).allSatisfy(text -> assertThat(text)
                    .contains(reason[2], "14.00 EUR возвращены на ваш баланс", "На вашем балансе 25.00 EUR")
                    .doesNotContain("Ничего не списано"));
        }
        Map<String, Object> trialModel = deletedFor("CLIENT");
        trialModel.put("order", Map.of("id", 11, "amount", "0.00", "currency", "EUR", "status", "CANCELLED"));
        MailTemplates.RenderedMail trial = templates.render("order-cancelled-refunded", "en", trialModel);
        assertThat(trial.subject()).isEqualTo("Order #11 is cancelled");
        assertThat(trial.text()).contains("Your balance is 25.00 EUR").doesNotContain("you paid");
        assertThat(templates.render("order-cancelled-refunded", "en", deletedFor("CLIENT")).text())
                .doesNotContain("could not be removed");
        // the close of what the module made failed: the VM may still be there (closeFailed)
        Map<String, Object> closeFailed = deletedFor("CLIENT");
        closeFailed.put("params", Map.of("closeFailed", true));
        MailTemplates.RenderedMail en = templates.render("order-cancelled-refunded", "en", closeFailed);
        MailTemplates.RenderedMail ru = templates.render("order-cancelled-refunded", "ru", closeFailed);
        assertThat(List.of(en.text(), untagged(en.html()))).allSatisfy(text -> assertThat(text).contains(
                "The server begun for it could not be removed yet", "you are not charged for it",
                "The 14.00 EUR you paid for it went back to your balance"));
        assertThat(List.of(ru.text(), untagged(ru.html()))).allSatisfy(text -> assertThat(text).contains(
                "Сервер, начатый для него, пока не удалось удалить", "плата за него с вас не взимается"));
        assertThat(templates.render("order-failed", "en", closeFailed).text())
                .contains("The server begun for it could not be removed yet");
        assertThat(templates.render("order-failed", "ru", closeFailed).text())
                .contains("Сервер, начатый для него, пока не удалось удалить");
        assertThat(templates.render("order-failed", "en", deletedFor("CLIENT")).text())
                .doesNotContain("could not be removed");
        // why it failed: no server took it, or a module took it and its set-up failed (noServerTookIt)
        for (boolean noServer : new boolean[] {true, false}) {
            Map<String, Object> failed = deletedFor("CLIENT");
            failed.put("params", Map.of("noServerTookIt", noServer));
            MailTemplates.RenderedMail failedEn = templates.render("order-failed", "en", failed);
            MailTemplates.RenderedMail failedRu = templates.render("order-failed", "ru", failed);
            String[] whyEn = {"no server could take it", "setting it up on our server failed"};
            String[] whyRu = {"ни один сервер не смог его принять", "его настройка на сервере не удалась"};
            int says = noServer ? 0 : 1;
            assertThat(List.of(failedEn.text(), untagged(failedEn.html()))).allSatisfy(text -> assertThat(text)
                    .contains(whyEn[says] + ". We are sorry").doesNotContain(whyEn[1 - says]));
            assertThat(List.of(failedRu.text(), untagged(failedRu.html()))).allSatisfy(text -> assertThat(text)
                    .contains(whyRu[says] + ". Приносим").doesNotContain(whyRu[1 - says]));
        }
    }

    /** The full model, its service deleted for this reason (the service's deletionReason). */
    private static Map<String, Object> deletedFor(String reason) {
        Map<String, Object> model = fullModel();
        Map<String, Object> service = new LinkedHashMap<>(castMap(model.get("service")));
        service.put("deletionReason", reason);
        model.put("service", service);
        return model;
    }

    /** The words of an HTML mail without its tags, to find a sentence that runs across spans in. */
    private static String untagged(String html) {
        return html.replaceAll("<[^>]+>", "");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> castMap(Object map) {
        return (Map<String, Object>) map;
    }

    /**
     * The close of an order that failed (deleted while it was set up, or its open failed): the admins read that the
     * order ends anyway and what the module made may be left, not "the service stays as it was, ask again".
     */
    @Test
    void aRefusedCloseOfAnOrderSaysTheOrderEndsAnywayAndDeletingTheFailedServiceTriesAgain() {
        MailTemplates templates = new MailTemplates(settings(null));
        Map<String, Object> model = fullModel();
        model.put("refusal", Map.of("operation", "close", "nameEn", "deletion", "nameRu", "удаление",
                "outcome", "ABORTED", "reason", "given up", "orderCleanUp", true, "serviceGone", false));

        MailTemplates.RenderedMail en = templates.render("operation-refused", "en", model);
        assertThat(List.of(en.text(), en.html())).allSatisfy(text -> assertThat(text)
                .contains("its order ends anyway", "once the service is FAILED, fix the cause and delete the service",
                        "orphan report")
                .doesNotContain("stays as it was", "nothing to ask again", "deleted already"));
        MailTemplates.RenderedMail ru = templates.render("operation-refused", "ru", model);
        assertThat(List.of(ru.text(), ru.html())).allSatisfy(text -> assertThat(text)
                .contains("заказ всё равно завершится", "когда услуга станет FAILED")
                .doesNotContain("осталась как была", "повторять нечего", "уже удалена"));
        assertThat(templates.render("operation-refused", "en", fullModel()).text()).as("any other refusal")
                .contains("stays as it was").doesNotContain("its order ends anyway", "deleted already");
    }

    /**
     * The close of a FAILED service tried again after its deletion, refused again: the service is gone, so the
     * admins read that what the module made may be left and is removed by hand, not "stays as it was, ask again".
     */
    @Test
    void aRefusedCloseOfADeletedServiceSaysItIsGoneAndWhatTheModuleMadeIsRemovedByHand() {
        MailTemplates templates = new MailTemplates(settings(null));
        Map<String, Object> model = fullModel();
        model.put("refusal", Map.of("operation", "close", "nameEn", "deletion", "nameRu", "удаление",
                "outcome", "REJECTED", "reason", "locked", "orderCleanUp", false, "serviceGone", true));

        MailTemplates.RenderedMail en = templates.render("operation-refused", "en", model);
        assertThat(List.of(en.text(), en.html())).allSatisfy(text -> assertThat(text)
                .contains("The service is deleted already", "Remove it in the module by hand", "orphan report")
                .doesNotContain("stays as it was", "ask for the deletion again", "its order ends anyway"));
        MailTemplates.RenderedMail ru = templates.render("operation-refused", "ru", model);
        assertThat(List.of(ru.text(), ru.html())).allSatisfy(text -> assertThat(text)
                .contains("Услуга уже удалена").doesNotContain("осталась как была", "заказ всё равно завершится"));
    }

    /** A mail program shows an HTML part's title (a tab, a preview): it must be the mail's subject, not a line of it. */
    @Test
    void theTitleOfEveryHtmlMailIsItsSubject() {
        MailTemplates templates = new MailTemplates(settings(null));
        for (String event : EVENTS) {
            for (String language : List.of("en", "ru")) {
                MailTemplates.RenderedMail mail = templates.render(event, language, fullModel());
                Matcher title = Pattern.compile("<title>(.*?)</title>")
                        .matcher(mail.html());
                assertThat(title.find()).as("%s %s has a title", event, language).isTrue();
                assertThat(HtmlUtils.htmlUnescape(title.group(1)))
                        .as("title of %s %s", event, language).isEqualTo(mail.subject());
            }
        }
    }

    @Test
    void fillsInTheFactsAndSpeaksTheClientsLanguage() {
        MailTemplates templates = new MailTemplates(settings(null));

        MailTemplates.RenderedMail english = templates.render("service-ready", "en", fullModel());
        MailTemplates.RenderedMail russian = templates.render("service-ready", "ru", fullModel());
        MailTemplates.RenderedMail unknownLanguage = templates.render("service-ready", "de", fullModel());

        assertThat(english.subject()).isEqualTo("Your VPS-2 is ready");
        assertThat(english.text()).contains("Hello, Anna Petrova!", "vps7.example.net", "  - 10.0.0.7",
                "Login: anna@example.com", "https://panel.example/api/v1/services/7/credentials");
        assertThat(russian.subject()).isEqualTo("Ваша услуга VPS-2 готова");
        assertThat(russian.text()).contains("Здравствуйте, Anna Petrova!", "Логин: anna@example.com");
        assertThat(unknownLanguage.subject()).isEqualTo(english.subject());
        // HTML escapes what the model says; text mails carry it as it is
        Map<String, Object> model = fullModel();
        model.put("client", Map.of("name", "<script>x</script>"));
        assertThat(templates.render("payment-received", "en", model).html()).contains("&lt;script&gt;")
                .doesNotContain("<script>");
    }

    @Test
    void theSuspensionMailSaysWhy() {
        MailTemplates templates = new MailTemplates(settings(null));
        Map<String, Object> model = fullModel();
        model.put("params", Map.of("reason", "ABUSE"));

        assertThat(templates.render("service-suspended", "en", model).text()).contains("abuse")
                .doesNotContain("balance did not cover");
        assertThat(templates.render("service-suspended", "en", fullModel()).text())
                .contains("balance did not cover").doesNotContain("deleted together with its data");
    }

    /**
     * A service suspended for non-payment is deleted after its product type's auto-deletion days: the suspension
     * mail names the day (it said only "top up", and the next mail was "deleted together with its data").
     */
    @Test
    void theSuspensionMailForNonPaymentNamesTheDayTheServiceIsDeleted() {
        MailTemplates templates = new MailTemplates(settings(null));
        Map<String, Object> model = fullModel();
        Map<String, Object> service = new LinkedHashMap<>(asMap(model.get("service")));
        service.put("autoDeletionDate", "2027-02-15");
        model.put("service", service);

        MailTemplates.RenderedMail english = templates.render("service-suspended", "en", model);
        assertThat(english.text()).contains("deleted together with its data on 2027-02-15");
        assertThat(english.html()).contains("deleted together with its data on <strong>2027-02-15</strong>");
        MailTemplates.RenderedMail russian = templates.render("service-suspended", "ru", model);
        assertThat(russian.text()).contains("Если её не оплатить, 2027-02-15 услуга будет удалена");
        assertThat(russian.html()).contains("<strong>2027-02-15</strong> услуга будет удалена");
        model.put("params", Map.of("reason", "ADMIN"));
        assertThat(templates.render("service-suspended", "en", model).text()).as("only for non-payment")
                .doesNotContain("2027-02-15");
        assertThat(templates.render("service-suspended", "en", model).html()).doesNotContain("2027-02-15");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> asMap(Object value) {
        return (Map<String, Object>) value;
    }

    /** A paid service whose start the module refused: the client is told it paid, nothing more is owed. */
    @Test
    void theSuspensionMailOfARefusedStartSaysThePaymentCameAndNothingMoreIsCharged() {
        MailTemplates templates = new MailTemplates(settings(null));
        Map<String, Object> model = fullModel();
        model.put("params", Map.of("reason", "RESTART_FAILED"));

        for (String language : List.of("en", "ru")) {
            MailTemplates.RenderedMail mail = templates.render("service-suspended", language, model);
            assertThat(mail.text()).contains(language.equals("en") ? "nothing more is charged"
                    : "повторно ничего не списывается").doesNotContain("balance did not cover");
            assertThat(mail.html()).contains(language.equals("en") ? "nothing more is charged"
                    : "повторно ничего не списывается");
        }
    }

    @Test
    void theOperatorsFolderReplacesAndAddsTemplatesWithoutARestart() throws IOException {
        MailTemplates templates = new MailTemplates(settings(operatorFolder.toString()));
        assertThat(templates.exists("welcome")).isFalse();

        write("en/payment-received.subject.txt", "Thanks for [(${params.amount})]");
        write("en/welcome.subject.txt", "Welcome, [(${client.name})]");
        write("en/welcome.txt", "Hi [(${client.name})]");

        assertThat(templates.render("payment-received", "en", fullModel()).subject()).isEqualTo("Thanks for 25.00");
        assertThat(templates.renderSubject("payment-received", "en", fullModel())).isEqualTo("Thanks for 25.00");
        // the operator replaced only the subject: the text and HTML are still the built-in ones
        assertThat(templates.render("payment-received", "en", fullModel()).text()).contains("Your balance is now");
        assertThat(templates.exists("welcome")).isTrue();
        assertThat(templates.names()).contains("welcome", "service-ready");
        assertThat(templates.render("welcome", "ru", fullModel()).text()).isEqualTo("Hi Anna Petrova");
        assertThat(templates.render("welcome", "ru", fullModel()).html()).isNull();
    }

    @Test
    void aManualNotificationNeedsTheParametersAFileUsesUntestedAndAServiceWhenAFileShowsOne() throws IOException {
        MailTemplates templates = new MailTemplates(settings(operatorFolder.toString()));
        assertThat(templates.needs("payment-received")).isEqualTo(new MailTemplates.Needs(Set.of("amount"), false));
        assertThat(templates.needs("service-suspended")).isEqualTo(new MailTemplates.Needs(Set.of(), true));
        assertThat(templates.needs("order-awaiting-payment").service()).as("its order is the service's").isTrue();
        assertThat(templates.needs("no-such-template")).isEqualTo(new MailTemplates.Needs(Set.of(), false));

        write("en/goodwill.subject.txt", "A gift of [(${params.amount})] for our service.");
        write("en/goodwill.txt", "[(${params.note != null ? params.note : ''})] [(${params.code ?: '-'})]");
        // the Russian text uses the note without testing it: a Russian client's mail would show a blank
        write("ru/goodwill.txt", "[(${params.note})] [(${params.code ?: '-'})]");
        assertThat(templates.needs("goodwill")).as("'service.' in the prose is no service fact")
                .isEqualTo(new MailTemplates.Needs(Set.of("amount", "note"), false));

        write("en/goodwill.txt", "For [(${service.tariff})]");
        assertThat(templates.needs("goodwill").service()).isTrue();
    }

    @Test
    void refusesUnknownNamesAndNamesThatAreNoFileNames() {
        MailTemplates templates = new MailTemplates(settings(operatorFolder.toString()));

        assertThat(templates.exists("no-such-template")).isFalse();
        assertThat(templates.exists("../en/service-ready")).isFalse();
        assertThat(templates.exists("Service-Ready")).isFalse();
        assertThatThrownBy(() -> templates.render("no-such-template", "en", fullModel()))
                .isInstanceOf(MailTemplates.TemplateProblem.class)
                .hasMessageContaining("unknown notification template 'no-such-template'")
                .hasMessageContaining("service-ready");
    }

    @Test
    void aBrokenTemplateIsAClearProblem() throws IOException {
        MailTemplates templates = new MailTemplates(settings(operatorFolder.toString()));
        write("en/broken.subject.txt", "Broken");
        write("en/broken.txt", "[(${client.name.noSuchMethod()})]");

        assertThatThrownBy(() -> templates.render("broken", "en", fullModel()))
                .isInstanceOf(MailTemplates.TemplateProblem.class).hasMessageContaining("en/broken.txt");
    }

    private void write(String file, String content) throws IOException {
        Path path = operatorFolder.resolve(file);
        Files.createDirectories(path.getParent());
        Files.writeString(path, content);
    }

    static NotificationSettings settings(String templateDir) {
        return new NotificationSettings("HostFlow <noreply@hostflow.example>", "https://panel.example", templateDir,
                true, 10, Duration.ofMinutes(1), 3, Duration.ofSeconds(1), Duration.ofSeconds(10), "support");
    }

    static Map<String, Object> fullModel() {
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("client", Map.of("id", 3, "name", "Anna Petrova", "email", "anna@example.com"));
        model.put("provider", Map.of("id", 1, "name", "Demo Hosting"));
        model.put("signature", "Demo Hosting team\nsupport@demo.example");
        Map<String, Object> service = new LinkedHashMap<>();
        service.put("id", 7);
        service.put("tariff", "VPS-2");
        service.put("domain", "vps7.example.net");
        service.put("address", "10.0.0.7");
        service.put("addresses", List.of("10.0.0.7", "10.0.0.8"));
        service.put("addons", Map.of("ram", 4096, "cpu", 2));
        service.put("suspensionReasons", List.of("BILLING"));
        service.put("paidUntil", "2027-02-01");
        service.put("daysLeft", 3);
        service.put("url", "https://panel.example/api/v1/services/7");
        model.put("service", service);
        model.put("order", Map.of("id", 11, "amount", "14.00", "currency", "EUR", "status", "AWAITING_PAYMENT"));
        model.put("account", Map.of("balance", "25.00", "currency", "EUR"));
        model.put("credentials", Map.of("login", "anna@example.com", "panelUrl", "https://vm.example",
                "url", "https://panel.example/api/v1/services/7/credentials"));
        model.put("params", Map.of("amount", "25.00", "payBefore", "2027-01-04 10:00 UTC", "message", "disk"));
        model.put("task", Map.of("name", "Do the operation by hand", "process", "Module operation",
                "dueDate", "2027-01-01 10:00 UTC", "url", "https://panel.example/camunda"));
        model.put("user", Map.of("id", "anna", "name", "Anna"));
        model.put("refusal", Map.of("operation", "suspend", "nameEn", "suspension", "nameRu", "приостановка",
                "outcome", "REJECTED", "at", "2027-01-01 10:00 UTC", "reason", "Err_HostNotFound: no host 42"));
        model.put("url", "https://panel.example/console/services/7");
        model.put("renewals", List.of(RenewalMails.line(7, "vps7.example.net", "VPS-2", "MONTH", "2027-03-01",
                "14.00"), RenewalMails.line(9, null, "VPS-1", "DAY", "2027-02-02", "0.50")));
        model.put("count", 2);
        model.put("total", "14.50");
        return model;
    }

    /**
     * The billing run's one mail per client lists every service it renewed (id, domain when it has one, tariff, period,
     * paid-until and amount), the total and the balance after, in both languages and both parts.
     */
    @Test
    void theRenewalMailListsEveryRenewedServiceWithItsAmountTheTotalAndTheBalance() {
        MailTemplates templates = new MailTemplates(settings(null));

        MailTemplates.RenderedMail en = templates.render("services-renewed", "en", fullModel());
        MailTemplates.RenderedMail ru = templates.render("services-renewed", "ru", fullModel());

        assertThat(en.subject()).isEqualTo("Your services were renewed: 14.50 EUR charged");
        assertThat(en.text()).contains("- #7 vps7.example.net, VPS-2, 1 month: paid until 2027-03-01, 14.00 EUR\n"
                + "- #9, VPS-1, 1 day: paid until 2027-02-02, 0.50 EUR\n",
                "Charged in all: 14.50 EUR. Your balance is now 25.00 EUR.");
        assertThat(untagged(en.html())).contains("#7 vps7.example.net", "VPS-2", "1 month", "14.00 EUR", "#9",
                "1 day", "0.50 EUR",
                "Charged in all: 14.50 EUR. Your balance is now 25.00 EUR.");
        assertThat(ru.subject()).isEqualTo("Ваши услуги продлены: списано 14.50 EUR");
        assertThat(ru.text()).contains("- №7 vps7.example.net, VPS-2, 1 месяц: оплачена до 2027-03-01, 14.00 EUR\n"
                + "- №9, VPS-1, 1 день: оплачена до 2027-02-02, 0.50 EUR\n",
                "Всего списано: 14.50 EUR. Ваш баланс: 25.00 EUR.");
        assertThat(untagged(ru.html())).contains("№7 vps7.example.net", "1 месяц", "1 день",
                "Всего списано: 14.50 EUR");
    }

    /**
     * Every period has its words in both languages, one place for the mails and the client area: a mail in a language
     * without words of its own, and a code without words, fall back rather than fail.
     */
    @Test
    void everyPeriodHasItsWordsInEnglishAndRussian() {
        for (com.hostflow.catalog.Period period : com.hostflow.catalog.Period.values()) {
            for (String language : List.of("en", "ru")) {
                assertThat(PeriodWords.words(period, language)).as("%s in %s", period, language).isNotBlank()
                        .isNotEqualTo(period.name());
            }
        }
        assertThat(List.of("MONTH", "QUARTER", "HALF_YEAR", "YEAR").stream().map(p -> PeriodWords.words(p, "en")))
                .containsExactly("1 month", "3 months", "6 months", "1 year");
        assertThat(List.of("MONTH", "QUARTER", "HALF_YEAR", "YEAR").stream().map(p -> PeriodWords.words(p, "ru")))
                .containsExactly("1 месяц", "3 месяца", "6 месяцев", "1 год");
        assertThat(new PeriodWords().en(com.hostflow.catalog.Period.DAY)).isEqualTo("1 day");
        assertThat(PeriodWords.words("MONTH", "de")).isEqualTo("1 month");
        assertThat(PeriodWords.words("FORTNIGHT", "ru")).isEqualTo("FORTNIGHT");
        assertThat(PeriodWords.words(null, "en")).isNull();
    }

    static Map<String, Object> emptyModel() {
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("client", Map.of("name", "X"));
        model.put("provider", Map.of());
        model.put("signature", "Demo Hosting team");
        model.put("service", Map.of("addresses", List.of(), "addons", Map.of(), "suspensionReasons", List.of()));
        model.put("order", Map.of());
        model.put("account", Map.of());
        model.put("credentials", Map.of());
        model.put("params", Map.of());
        model.put("task", Map.of());
        model.put("user", Map.of());
        model.put("refusal", Map.of());
        return model;
    }
}
