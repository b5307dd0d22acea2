<?php
/**
 * The site-wide defaults (one option holding an array) and the Anunzi API key (an option of its
 * own, never autoloaded, never sent back to any page).
 *
 * @package VoiceAgent
 */

defined( 'ABSPATH' ) || exit;

/**
 * Reads, sanitizes and stores the plugin's options.
 */
class Voice_Agent_Settings {

	const OPTION     = 'voice_agent_settings';
	const KEY_OPTION = 'voice_agent_anunzi_key';
	const GROUP      = 'voice_agent';

	/** Where the element's script comes from: the copy inside the plugin, or a CDN URL. */
	const SCRIPT_SOURCES = array( 'bundled', 'cdn' );

	/**
	 * Registers the option with the Settings API (options.php then checks the nonce and the
	 * manage_options capability before it calls the sanitizer).
	 */
	public static function register() {
		register_setting(
			self::GROUP,
			self::OPTION,
			array(
				'type'              => 'array',
				'sanitize_callback' => array( __CLASS__, 'sanitize' ),
				'default'           => self::defaults(),
				'show_in_rest'      => false,
			)
		);
	}

	/**
	 * @return array The settings a fresh install starts with.
	 */
	public static function defaults() {
		return array(
			'provider'            => 'lyzr',
			'agent_id'            => '',
			'server_url'          => '',
			'assistant_ids'       => array(),
			'allowed_origins'     => array(),
			'requests_per_minute' => 10,
			'script_source'       => 'bundled',
			'cdn_url'             => '',
		);
	}

	/**
	 * @return array The stored settings over the defaults.
	 */
	public static function get() {
		$stored = get_option( self::OPTION, array() );
		return array_merge( self::defaults(), is_array( $stored ) ? $stored : array() );
	}

	/**
	 * @return string The Anunzi API key, '' when none is stored. For the server-side vendor call only.
	 */
	public static function anunzi_key() {
		$key = get_option( self::KEY_OPTION, '' );
		return is_string( $key ) ? $key : '';
	}

	/**
	 * @return bool Whether an Anunzi API key is stored (what the settings page shows instead of the key).
	 */
	public static function has_anunzi_key() {
		return '' !== self::anunzi_key();
	}

	/**
	 * Sanitizes the submitted settings. A non-empty `anunzi_key` replaces the stored key (kept in
	 * its own option, never in this array); `forget_anunzi_key` deletes it.
	 *
	 * @param mixed $input The submitted form fields, or an array set by code.
	 * @return array The settings to store.
	 */
	public static function sanitize( $input ) {
		$input   = is_array( $input ) ? $input : array();
		$current = self::get();
		$clean   = self::defaults();

		$provider          = isset( $input['provider'] ) ? (string) $input['provider'] : $current['provider'];
		$clean['provider'] = Voice_Agent_Attributes::is_provider( $provider ) ? $provider : $current['provider'];

		$agent_id          = isset( $input['agent_id'] ) ? trim( (string) $input['agent_id'] ) : '';
		$clean['agent_id'] = Voice_Agent_Attributes::is_identifier( $agent_id ) ? $agent_id : '';

		$server_url          = isset( $input['server_url'] ) ? trim( (string) $input['server_url'] ) : '';
		$clean['server_url'] = Voice_Agent_Attributes::is_web_url( $server_url ) ? $server_url : '';

		$clean['assistant_ids'] = array_values(
			array_filter(
				self::list_of( isset( $input['assistant_ids'] ) ? $input['assistant_ids'] : array() ),
				array( 'Voice_Agent_Attributes', 'is_identifier' )
			)
		);

		$clean['allowed_origins'] = array_values(
			array_unique(
				array_filter(
					array_map( array( __CLASS__, 'origin_of' ), self::list_of( isset( $input['allowed_origins'] ) ? $input['allowed_origins'] : array() ) )
				)
			)
		);

		$rate                         = isset( $input['requests_per_minute'] ) ? (int) $input['requests_per_minute'] : 10;
		$clean['requests_per_minute'] = max( 1, min( 600, $rate ) );

		$source                 = isset( $input['script_source'] ) ? (string) $input['script_source'] : 'bundled';
		$clean['script_source'] = in_array( $source, self::SCRIPT_SOURCES, true ) ? $source : 'bundled';

		$cdn_url          = isset( $input['cdn_url'] ) ? trim( (string) $input['cdn_url'] ) : '';
		$clean['cdn_url'] = 'https' === wp_parse_url( $cdn_url, PHP_URL_SCHEME ) ? esc_url_raw( $cdn_url, array( 'https' ) ) : '';
		if ( 'cdn' === $clean['script_source'] && '' === $clean['cdn_url'] ) {
			$clean['script_source'] = 'bundled';
		}
		if ( 'cdn' === $source && '' === $clean['cdn_url'] && function_exists( 'add_settings_error' ) ) { // Only on admin screens.
			add_settings_error( self::OPTION, 'voice-agent-cdn', __( 'The CDN URL must be an https:// URL; the bundled script is used.', 'voice-agent' ) );
		}

		if ( ! empty( $input['forget_anunzi_key'] ) ) {
			delete_option( self::KEY_OPTION );
		}
		$new_key = isset( $input['anunzi_key'] ) ? trim( (string) $input['anunzi_key'] ) : '';
		if ( '' !== $new_key ) {
			update_option( self::KEY_OPTION, $new_key, false );
		}

		return $clean;
	}

	/**
	 * @param mixed $value A list, or text with one item per line or comma.
	 * @return string[] Trimmed, non-empty items.
	 */
	private static function list_of( $value ) {
		$items = is_array( $value ) ? $value : preg_split( '/[\s,]+/', (string) $value );
		return array_values( array_filter( array_map( 'trim', array_map( 'strval', $items ) ), 'strlen' ) );
	}

	/**
	 * @param string $url Something like https://www.example.com or https://www.example.com/page.
	 * @return string The origin (scheme://host[:port]) of an http(s) URL, '' for anything else.
	 */
	public static function origin_of( $url ) {
		$parts  = wp_parse_url( $url );
		$scheme = is_array( $parts ) && isset( $parts['scheme'] ) ? strtolower( $parts['scheme'] ) : '';
		if ( empty( $parts['host'] ) || ! in_array( $scheme, array( 'http', 'https' ), true ) ) {
			return '';
		}
		$port = isset( $parts['port'] ) ? ':' . (int) $parts['port'] : '';
		return $scheme . '://' . strtolower( $parts['host'] ) . $port;
	}
}
