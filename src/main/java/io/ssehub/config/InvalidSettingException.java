package io.ssehub.config;

/**
 * A setting whose value breaks its rule, or a key of ours that names no setting; the message names it so
 * start-up failures are actionable.
 */
public final class InvalidSettingException extends IllegalArgumentException {

    public InvalidSettingException(Setting setting, String rule) {
        this("setting '" + setting.key() + "' (" + setting.environmentName() + " / -D" + setting.propertyName() + ") "
                + rule);
    }

    private InvalidSettingException(String message) {
        super(message);
    }

    /** {@code spelled}, as its source holds it, names no setting; {@code nearest} is the closest that does. */
    static InvalidSettingException unknown(String spelled, String nearest) {
        return new InvalidSettingException("unknown setting '" + spelled + "'; did you mean '" + nearest + "'?");
    }
}
