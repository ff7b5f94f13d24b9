package com.hostflow.notifications.dev;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import jakarta.mail.Address;
import jakarta.mail.BodyPart;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.MimeMessage;

/** The last mails the demo's mail catcher took, newest first, in memory (a restart forgets them). */
public class CapturedMails {

    static final int KEEP = 200;

    private final Deque<CapturedMail> mails = new ArrayDeque<>();
    private final AtomicLong ids = new AtomicLong();

    /** One caught mail, as it would have reached the client. */
    public record CapturedMail(long id, Instant at, String messageId, String from, List<String> to, String subject,
            String text, String html) {
    }

    void keep(MimeMessage message, Instant at) throws MessagingException, IOException {
        Parts parts = new Parts();
        parts.collect(message);
        CapturedMail mail = new CapturedMail(ids.incrementAndGet(), at, message.getMessageID(),
                addresses(message.getFrom()).stream().findFirst().orElse(null),
                addresses(message.getAllRecipients()), message.getSubject(), parts.text, parts.html);
        synchronized (mails) {
            mails.addFirst(mail);
            while (mails.size() > KEEP) {
                mails.removeLast();
            }
        }
    }

    public List<CapturedMail> newestFirst() {
        synchronized (mails) {
            return List.copyOf(mails);
        }
    }

    public Optional<CapturedMail> mail(long id) {
        return newestFirst().stream().filter(m -> m.id() == id).findFirst();
    }

    private static List<String> addresses(Address[] addresses) {
        return addresses == null ? List.of()
                : Stream.of(addresses).map(Address::toString).collect(Collectors.toUnmodifiableList());
    }

    /** The first text/plain and text/html parts of a (multipart) message. */
    private static final class Parts {
        String text;
        String html;

        void collect(Part part) throws MessagingException, IOException {
            if (part.isMimeType("text/plain") && text == null) {
                text = (String) part.getContent();
            } else if (part.isMimeType("text/html") && html == null) {
                html = (String) part.getContent();
            } else if (part.isMimeType("multipart/*")) {
                Multipart multipart = (Multipart) part.getContent();
                for (int i = 0; i < multipart.getCount(); i++) {
                    BodyPart body = multipart.getBodyPart(i);
                    collect(body);
                }
            }
        }
    }
}
