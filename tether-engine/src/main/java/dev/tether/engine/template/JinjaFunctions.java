package dev.tether.engine.template;

import java.time.ZonedDateTime;
import java.time.format.TextStyle;
import java.util.Locale;

/** Python's {@code strftime} for Hugging Face's {@code strftime_now} global. */
final class JinjaFunctions {

    private JinjaFunctions() {}

    /** Python's {@code datetime.now().strftime(format)}, for the directives templates use. */
    public static String strftimeNow(String format) {
        return strftime(ZonedDateTime.now(), format);
    }

    static String strftime(ZonedDateTime time, String format) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < format.length(); i++) {
            char c = format.charAt(i);
            if (c != '%' || i + 1 == format.length()) {
                out.append(c);
                continue;
            }
            char directive = format.charAt(++i);
            boolean unpadded = directive == '-' && i + 1 < format.length();
            if (unpadded) {
                directive = format.charAt(++i);
            }
            out.append(directive(time, directive, unpadded));
        }
        return out.toString();
    }

    private static String directive(ZonedDateTime time, char directive, boolean unpadded) {
        return switch (directive) {
            case 'Y' -> String.valueOf(time.getYear());
            case 'y' -> pad(time.getYear() % 100, unpadded);
            case 'm' -> pad(time.getMonthValue(), unpadded);
            case 'd' -> pad(time.getDayOfMonth(), unpadded);
            case 'e' -> String.format("%2d", time.getDayOfMonth());
            case 'H' -> pad(time.getHour(), unpadded);
            case 'I' -> pad((time.getHour() + 11) % 12 + 1, unpadded);
            case 'M' -> pad(time.getMinute(), unpadded);
            case 'S' -> pad(time.getSecond(), unpadded);
            case 'p' -> time.getHour() < 12 ? "AM" : "PM";
            case 'B' -> time.getMonth().getDisplayName(TextStyle.FULL, Locale.ENGLISH);
            case 'b' -> time.getMonth().getDisplayName(TextStyle.SHORT, Locale.ENGLISH);
            case 'A' -> time.getDayOfWeek().getDisplayName(TextStyle.FULL, Locale.ENGLISH);
            case 'a' -> time.getDayOfWeek().getDisplayName(TextStyle.SHORT, Locale.ENGLISH);
            case 'j' -> unpadded ? String.valueOf(time.getDayOfYear()) : String.format("%03d", time.getDayOfYear());
            case '%' -> "%";
            default -> "%" + directive;
        };
    }

    private static String pad(int value, boolean unpadded) {
        return unpadded ? String.valueOf(value) : String.format("%02d", value);
    }
}
