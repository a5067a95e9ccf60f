package io.ssehub.config;

/**
 * A setting whose value breaks its rule, or a key of ours that names no setting; the message names it so
 * start-up failures are actionable.
 */
public final class InvalidSettingException extends IllegalArgumentException {

    public InvalidSettingException(Setting setting, String rule) {
        this(named(setting) + " " + rule);
    }

    private InvalidSettingException(String message) {
        super(message);
    }

    /** {@code setting}'s text, as {@code shown}, breaks its rule, which it {@code mustBe}. */
    static InvalidSettingException broken(Setting setting, String shown, String mustBe) {
        return new InvalidSettingException(named(setting) + " is " + shown + ", but must be " + mustBe);
    }

    /** {@code spelled}, as its source holds it, names no setting; {@code nearest} is the closest that does. */
    static InvalidSettingException unknown(String spelled, String nearest) {
        return new InvalidSettingException("unknown setting '" + spelled + "'; did you mean '" + nearest + "'?");
    }

    /** {@code setting 'tick.interval' (SSEHUB_TICK_INTERVAL / -Dssehub.tick.interval)}: every way to set it. */
    private static String named(Setting setting) {
        return "setting '" + setting.key() + "' (" + setting.environmentName() + " / -D" + setting.propertyName() + ")";
    }
}
