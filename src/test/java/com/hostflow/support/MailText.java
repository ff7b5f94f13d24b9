package com.hostflow.support;

import java.util.Arrays;

import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.MimeMessage;

/** The readable text of a received mail: GreenMail keeps the raw, transfer-encoded body. */
public final class MailText {

    private MailText() {
    }

    /** The text of every text part, decoded, one after the other. */
    public static String decoded(MimeMessage mail) {
        try {
            StringBuilder text = new StringBuilder();
            collect(mail, text);
            return text.toString();
        } catch (Exception e) {
            throw new IllegalStateException("cannot read a received mail", e);
        }
    }

    /** The To header's addresses as one text, to find a recipient in. */
    public static String to(MimeMessage mail) {
        try {
            return Arrays.toString(mail.getRecipients(Message.RecipientType.TO));
        } catch (MessagingException e) {
            throw new IllegalStateException("cannot read a received mail", e);
        }
    }

    public static String subject(MimeMessage mail) {
        try {
            return mail.getSubject();
        } catch (MessagingException e) {
            throw new IllegalStateException("cannot read a received mail", e);
        }
    }

    private static void collect(Part part, StringBuilder text) throws Exception {
        if (part.isMimeType("text/*")) {
            text.append(part.getContent()).append('\n');
        } else if (part.isMimeType("multipart/*")) {
            Multipart multipart = (Multipart) part.getContent();
            for (int i = 0; i < multipart.getCount(); i++) {
                collect(multipart.getBodyPart(i), text);
            }
        }
    }
}
