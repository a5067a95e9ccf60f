package io.ssehub.config;

/** A setting whose value breaks its rule; the message names the setting so start-up failures are actionable. */
public final class InvalidSettingException extends IllegalArgumentException {

    public InvalidSettingException(String setting, String rule) {
        super("setting '" + setting + "' (" + HubConfig.environmentName(setting) + " / -Dssehub." + setting + ") " + rule);
    }
}
