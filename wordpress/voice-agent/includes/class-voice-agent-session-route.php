<?php
/**
 * The Anunzi token broker as a REST route: GET /wp-json/voice-agent/v1/session?assistant=<id>
 * answers {"sessionURL": "wss://…"}. The API key stays in the site's options; the page only
 * ever sees the one-time session URL (the same contract as the reference Node broker).
 *
 * @package VoiceAgent
 */

defined( 'ABSPATH' ) || exit;

/**
 * Registers and answers the session route.
 */
class Voice_Agent_Session_Route {

	const NAMESPACE = 'voice-agent/v1';
	const ROUTE     = '/session';

	/** Anunzi's API; the `voice_agent_anunzi_base_url` filter points it elsewhere (a proxy, a test double). */
	const VENDOR_BASE_URL = 'https://widgets.anunzi.net';

	/** Seconds to wait for the vendor (the widget itself gives the whole session request 10 s). */
	const VENDOR_TIMEOUT = 8;

	/** The most of the vendor's answer that is read, in bytes (the widget reads at most 16 KiB too). */
	const MAX_VENDOR_BYTES = 16384;

	/**
	 * Adds the route. It is public on purpose (visitors are not logged in); the rate limit, the
	 * origin check and the assistant allow-list stand in front of the vendor call.
	 */
	public static function register() {
		register_rest_route(
			self::NAMESPACE,
			self::ROUTE,
			array(
				'methods'             => WP_REST_Server::READABLE,
				'callback'            => array( __CLASS__, 'answer' ),
				'permission_callback' => '__return_true',
				'args'                => array(
					'assistant' => array(
						'type'     => 'string',
						'required' => false,
					),
				),
			)
		);
	}

	/**
	 * @param WP_REST_Request $request GET with an optional `assistant` (default: the first configured).
	 * @return WP_REST_Response {sessionURL} or {error}, never cached.
	 */
	public static function answer( WP_REST_Request $request ) {
		$settings = Voice_Agent_Settings::get();
		$origin   = $request->get_header( 'origin' );
		$allowed  = null === $origin || in_array( $origin, self::allowed_origins(), true );

		$limiter     = new Voice_Agent_Rate_Limit( $settings['requests_per_minute'] );
		$retry_after = $limiter->hit( self::client_address() );
		if ( $retry_after > 0 ) {
			$response = self::reply( 429, array( 'error' => 'too many requests' ), $allowed ? $origin : null );
			$response->header( 'Retry-After', (string) $retry_after );
			return $response;
		}
		if ( ! $allowed ) {
			return self::reply( 403, array( 'error' => 'origin not allowed' ), null );
		}

		$assistant_ids = $settings['assistant_ids'];
		$assistant     = $request->get_param( 'assistant' );
		$assistant     = null === $assistant ? (string) reset( $assistant_ids ) : (string) $assistant;
		if ( '' === $assistant || ! in_array( $assistant, $assistant_ids, true ) ) {
			return self::reply( 403, array( 'error' => 'unknown assistant' ), $origin );
		}

		$key = Voice_Agent_Settings::anunzi_key();
		if ( '' === $key ) {
			return self::reply( 503, array( 'error' => 'token broker not configured' ), $origin );
		}

		$session_url = self::session_url_for( $assistant, $key );
		if ( is_wp_error( $session_url ) ) {
			return self::reply( 502, array( 'error' => $session_url->get_error_message() ), $origin );
		}
		return self::reply( 200, array( 'sessionURL' => $session_url ), $origin );
	}

	/**
	 * Asks the vendor for a one-time session URL.
	 *
	 * @param string $assistant An allowed assistant id.
	 * @param string $key       The Anunzi API key.
	 * @return string|WP_Error The wss: URL, or an error whose message is safe to show anyone.
	 */
	private static function session_url_for( $assistant, $key ) {
		$base     = untrailingslashit( (string) apply_filters( 'voice_agent_anunzi_base_url', self::VENDOR_BASE_URL ) );
		$response = wp_remote_get(
			$base . '/websocket/token/' . rawurlencode( $assistant ),
			array(
				'headers'             => array(
					'Authorization' => 'Bearer ' . $key,
					'Accept'        => 'application/json',
				),
				'timeout'             => self::VENDOR_TIMEOUT,
				'redirection'         => 0,
				'limit_response_size' => self::MAX_VENDOR_BYTES,
			)
		);
		if ( is_wp_error( $response ) ) {
			return new WP_Error( 'voice_agent_vendor', 'voice vendor unreachable' );
		}
		$status = (int) wp_remote_retrieve_response_code( $response );
		if ( $status < 200 || $status > 299 ) {
			return new WP_Error( 'voice_agent_vendor', sprintf( 'voice vendor answered %d', $status ) );
		}
		$body        = json_decode( wp_remote_retrieve_body( $response ), true );
		$session_url = is_array( $body ) && isset( $body['sessionURL'] ) && is_string( $body['sessionURL'] ) ? $body['sessionURL'] : '';
		// Only wss:, and never a URL that carries the key itself (plain or URL-encoded).
		if ( ! preg_match( '#^wss://[^/\s]#i', $session_url ) || false !== strpos( $session_url, $key ) || false !== strpos( $session_url, rawurlencode( $key ) ) ) {
			return new WP_Error( 'voice_agent_vendor', 'voice vendor sent no usable sessionURL' );
		}
		return $session_url;
	}

	/**
	 * @return string[] Page origins allowed to call the route: this site's, plus those in the settings.
	 */
	public static function allowed_origins() {
		$origins = array_merge(
			array( Voice_Agent_Settings::origin_of( home_url() ), Voice_Agent_Settings::origin_of( site_url() ) ),
			Voice_Agent_Settings::get()['allowed_origins']
		);
		return array_values( array_unique( array_filter( (array) apply_filters( 'voice_agent_allowed_origins', $origins ) ) ) );
	}

	/**
	 * @return string The address counted by the rate limit: REMOTE_ADDR (behind a reverse proxy,
	 *                use the `voice_agent_client_address` filter to read the proxy's header).
	 */
	private static function client_address() {
		$address = isset( $_SERVER['REMOTE_ADDR'] ) ? sanitize_text_field( wp_unslash( $_SERVER['REMOTE_ADDR'] ) ) : '';
		return (string) apply_filters( 'voice_agent_client_address', $address );
	}

	/**
	 * @param int         $status HTTP status.
	 * @param array       $body   The JSON body.
	 * @param string|null $origin An allowed page origin to answer CORS for, or null.
	 * @return WP_REST_Response The answer, marked not cacheable.
	 */
	private static function reply( $status, array $body, $origin ) {
		$response = new WP_REST_Response( $body, $status );
		$response->header( 'Cache-Control', 'no-store' );
		$response->header( 'Vary', 'Origin' );
		if ( null !== $origin ) {
			$response->header( 'Access-Control-Allow-Origin', $origin );
		}
		return $response;
	}
}
