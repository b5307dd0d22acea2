<?php
/**
 * The allow-list of <voice-agent> attributes and of their values. Pure PHP (no WordPress calls
 * beyond sanitize_text_field), so every rule can be tested on its own.
 *
 * @package VoiceAgent
 */

defined( 'ABSPATH' ) || exit;

/**
 * Checks requested attributes against what the element understands.
 */
class Voice_Agent_Attributes {

	const PROVIDERS  = array( 'lyzr', 'anunzi' );
	const VARIANTS   = array( 'inline', 'floating' );
	const PLACEMENTS = array( 'bottom-right', 'bottom-left', 'top-right', 'top-left' );
	const SWITCHES   = array( 'on', 'off' );

	/** The element's visible strings, each overridable with a text-<key> attribute (README "Attributes"). */
	const TEXT_KEYS = array(
		'start', 'end', 'mute', 'unmute', 'resume', 'open', 'close', 'microphone', 'transcript', 'you', 'agent',
		'idle', 'requesting-mic', 'connecting', 'listening', 'speaking', 'reconnecting', 'audio-paused', 'ended',
		'mic-denied', 'no-mic', 'insecure', 'error', 'not-configured', 'mic-forbidden', 'mic-denied-hint',
		'no-mic-hint', 'insecure-hint', 'mic-forbidden-hint', 'audio-blocked-hint', 'audio-paused-hint',
		'reconnecting-hint', 'audio-stopped-hint', 'audio-not-allowed-hint', 'left-page-hint', 'mic-check',
		'mic-check-stop', 'mic-check-hint', 'mic-silent-hint', 'speaker', 'speaker-fixed', 'volume', 'talk', 'accept',
		'decline', 'terms',
	);

	/** Longest accepted text-<key> value, in characters. */
	const MAX_TEXT_LENGTH = 300;

	/** Longest accepted terms text (the consent step before the first call), in characters. */
	const MAX_TERMS_LENGTH = 2000;

	/**
	 * The element's attributes, in output order, each with the name of the check its value must pass.
	 * Everything not listed here (and not text-<key>) is refused: no event handlers, no style.
	 */
	const RULES = array(
		'provider'         => 'provider',
		'agent-id'         => 'identifier',
		'server-url'       => 'web_url',
		'session-endpoint' => 'endpoint',
		'worklet-base'     => 'endpoint',
		'frame-ms'         => 'frame_ms',
		'variant'          => 'variant',
		'placement'        => 'placement',
		'lang'             => 'language',
		'barge-in'         => 'switch',
		'echo-gate'        => 'switch',
		'push-to-talk'     => 'flag',
		'terms'            => 'terms',
		'open'             => 'flag',
		'debug'            => 'flag',
	);

	/**
	 * @param array $requested Attribute names (agent-id or agent_id; any case) to raw values. A
	 *                         value under a numeric key is a bare flag (`[voice_agent debug]`).
	 * @return array{attributes: array<string, string|true>, refused: string[]} The accepted
	 *         attributes in output order (true = present without a value) and the refused names.
	 */
	public static function filter( array $requested ) {
		$wanted  = array();
		$refused = array();
		foreach ( $requested as $name => $value ) {
			if ( is_int( $name ) ) {
				$name  = (string) $value;
				$value = true;
			}
			$wanted[ strtolower( str_replace( '_', '-', (string) $name ) ) ] = $value;
		}

		$accepted = array();
		foreach ( self::RULES as $name => $check ) {
			if ( ! array_key_exists( $name, $wanted ) ) {
				continue;
			}
			$value = self::accepted_value( $check, $wanted[ $name ] );
			if ( null === $value ) {
				$refused[] = $name;
			} elseif ( false !== $value ) {
				$accepted[ $name ] = $value;
			}
			unset( $wanted[ $name ] );
		}
		foreach ( $wanted as $name => $value ) {
			$text = self::text_value( $name, $value );
			if ( null === $text ) {
				$refused[] = $name;
			} else {
				$accepted[ $name ] = $text;
			}
		}
		return array(
			'attributes' => $accepted,
			'refused'    => $refused,
		);
	}

	/**
	 * @param string $check A value of RULES.
	 * @param mixed  $value The raw value.
	 * @return string|bool|null The value to print, true for a bare flag, false to leave the
	 *                          attribute out (a flag set to "false"), null when refused.
	 */
	private static function accepted_value( $check, $value ) {
		if ( 'flag' === $check ) {
			if ( true === $value || in_array( strtolower( (string) $value ), array( '', '1', 'true', 'on', 'yes' ), true ) ) {
				return true;
			}
			return in_array( strtolower( (string) $value ), array( '0', 'false', 'off', 'no' ), true ) ? false : null;
		}
		if ( ! is_scalar( $value ) || is_bool( $value ) ) {
			return null;
		}
		$value = trim( (string) $value );
		switch ( $check ) {
			case 'provider':
				return self::is_provider( $value ) ? $value : null;
			case 'identifier':
				return self::is_identifier( $value ) ? $value : null;
			case 'web_url':
				return self::is_web_url( $value ) ? $value : null;
			case 'endpoint':
				return self::is_web_url( $value ) || self::is_root_path( $value ) ? $value : null;
			case 'frame_ms':
				return ctype_digit( $value ) && (int) $value >= 20 && (int) $value <= 100 ? (string) (int) $value : null;
			case 'variant':
				return in_array( $value, self::VARIANTS, true ) ? $value : null;
			case 'placement':
				return in_array( $value, self::PLACEMENTS, true ) ? $value : null;
			case 'language':
				return preg_match( '/^[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*$/', $value ) ? $value : null;
			case 'switch':
				return in_array( $value, self::SWITCHES, true ) ? $value : null;
			case 'terms':
				return self::plain_text( $value, self::MAX_TERMS_LENGTH );
		}
		return null;
	}

	/**
	 * @param string $name  An attribute name that is not in RULES.
	 * @param mixed  $value Its raw value.
	 * @return string|null Plain text (tags and line breaks removed) for a known text-<key>; null otherwise.
	 */
	private static function text_value( $name, $value ) {
		if ( 0 !== strpos( $name, 'text-' ) || ! in_array( substr( $name, 5 ), self::TEXT_KEYS, true ) || ! is_scalar( $value ) ) {
			return null;
		}
		return self::plain_text( (string) $value, self::MAX_TEXT_LENGTH );
	}

	/**
	 * @param string $value      Raw text.
	 * @param int    $max_length Most characters kept.
	 * @return string|null Plain text (tags and line breaks removed), cut to $max_length; null when empty.
	 */
	private static function plain_text( $value, $max_length ) {
		$text = sanitize_text_field( $value );
		if ( '' === $text ) {
			return null;
		}
		return function_exists( 'mb_substr' ) ? mb_substr( $text, 0, $max_length ) : substr( $text, 0, $max_length );
	}

	/**
	 * @param string $value A provider name.
	 * @return bool Whether the element knows it.
	 */
	public static function is_provider( $value ) {
		return in_array( $value, self::PROVIDERS, true );
	}

	/**
	 * Agent and assistant ids: letters, digits and . _ : - (what the vendors' ids use), 1-200 characters.
	 *
	 * @param string $value A vendor id.
	 * @return bool Whether it has that shape.
	 */
	public static function is_identifier( $value ) {
		return is_string( $value ) && 1 === preg_match( '/^[A-Za-z0-9][A-Za-z0-9._:-]{0,199}$/', $value );
	}

	/**
	 * @param string $value A URL.
	 * @return bool Whether it is an absolute http(s) URL with a host and no quote, angle bracket or space.
	 */
	public static function is_web_url( $value ) {
		if ( ! is_string( $value ) || '' === $value || preg_match( '/[\s"\'<>`\\\\]/', $value ) ) {
			return false;
		}
		$parts = parse_url( $value ); // phpcs:ignore WordPress.WP.AlternativeFunctions.parse_url_parse_url -- pure helper.
		return is_array( $parts ) && ! empty( $parts['host'] ) && in_array( strtolower( $parts['scheme'] ?? '' ), array( 'http', 'https' ), true );
	}

	/**
	 * @param string $value A same-site path such as /wp-json/voice-agent/v1/session?assistant=a.
	 * @return bool Whether it is a path from the site's root (not //host, which is another site).
	 */
	private static function is_root_path( $value ) {
		return 1 === preg_match( '#^/(?![/\\\\])[^\s"\'<>`\\\\]*$#', $value );
	}
}
