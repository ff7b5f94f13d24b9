package com.hostflow.console;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.DispatcherServlet;
import org.springframework.web.servlet.FlashMap;
import org.springframework.web.servlet.FlashMapManager;
import org.springframework.web.servlet.support.SessionFlashMapManager;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The messages a page shows after a redirect ({@link Flash}) are kept in the session until the page they lead to is
 * opened. Spring's session store hands that page one of them and keeps the others: a form sent twice before the
 * browser followed the first answer (a double click) left the other answer's message, which the admin then met on
 * the next visit of the same page, out of context. Here the page takes every message left for it, the later answer's
 * in place of the earlier's (a notice and an alert both show).
 */
@Configuration(proxyBeanMethods = false)
class NoticesForOnePage {

    /** Spring Boot's own store gives way to a bean of this name. */
    @Bean(name = DispatcherServlet.FLASH_MAP_MANAGER_BEAN_NAME)
    FlashMapManager flashMapManager() {
        return new AllForThePage(new SessionFlashMapManager());
    }

    static final class AllForThePage implements FlashMapManager {

        private final FlashMapManager session;

        AllForThePage(FlashMapManager session) {
            this.session = session;
        }

        @Override
        public FlashMap retrieveAndUpdate(HttpServletRequest request, HttpServletResponse response) {
            FlashMap shown = session.retrieveAndUpdate(request, response);
            // each retrieval takes one message left for the page from the session, oldest first
            for (FlashMap later = shown; later != null; later = session.retrieveAndUpdate(request, response)) {
                shown.putAll(later);
            }
            return shown;
        }

        @Override
        public void saveOutputFlashMap(FlashMap flashMap, HttpServletRequest request, HttpServletResponse response) {
            session.saveOutputFlashMap(flashMap, request, response);
        }
    }
}
