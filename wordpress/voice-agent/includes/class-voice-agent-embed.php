<?php
/**
 * The [voice_agent] shortcode and the voice-agent/voice-agent block. Both build the element on
 * the server from allow-listed, escaped attributes, so Authors and Contributors (whose raw
 * <voice-agent> and <script> kses removes) can place it.
 *
 * @package VoiceAgent
 */

defined( 'ABSPATH' ) || exit;

/**
 * Renders <voice-agent> and enqueues its script.
 */
class Voice_Agent_Embed {

	const SHORTCODE = 'voice_agent';

	/** Block attribute names (camelCase, from block.json) to element attribute names. */
	const BLOCK_ATTRIBUTES = array(
		'provider'        => 'provider',
		'agentId'         => 'agent-id',
		'serverUrl'       => 'server-url',
		'sessionEndpoint' => 'session-endpoint',
		'assistant'       => 'assistant',
		'variant'         => 'variant',
		'placement'       => 'placement',
		'lang'            => 'lang',
		'frameMs'         => 'frame-ms',
		'bargeIn'         => 'barge-in',
		'echoGate'        => 'echo-gate',
		'pushToTalk'      => 'push-to-talk',
		'terms'           => 'terms',
		'debug'           => 'debug',
	);

	/**
	 * Adds the shortcode and the block.
	 */
	public static function register() {
		add_shortcode( self::SHORTCODE, array( __CLASS__, 'render_shortcode' ) );
		register_block_type( VOICE_AGENT_DIR . '/block', array( 'render_callback' => array( __CLASS__, 'render_block' ) ) );
	}

	/**
	 * @param array|string $atts Shortcode attributes ('' when there are none).
	 * @return string The element's HTML.
	 */
	public static function render_shortcode( $atts ) {
		return self::render( is_array( $atts ) ? $atts : array() );
	}

	/**
	 * @param array $block_attributes Attributes from the block comment (kses has already
	 *                                stripped markup from them for users without unfiltered_html).
	 * @return string The element's HTML.
	 */
	public static function render_block( $block_attributes ) {
		$requested = array();
		foreach ( self::BLOCK_ATTRIBUTES as $block_name => $element_name ) {
			if ( isset( $block_attributes[ $block_name ] ) && '' !== $block_attributes[ $block_name ] && false !== $block_attributes[ $block_name ] ) {
				$requested[ $element_name ] = is_bool( $block_attributes[ $block_name ] ) ? 'true' : $block_attributes[ $block_name ];
			}
		}
		if ( isset( $block_attributes['texts'] ) && is_array( $block_attributes['texts'] ) ) {
			foreach ( $block_attributes['texts'] as $key => $text ) {
				$requested[ 'text-' . $key ] = $text;
			}
		}
		$wrapper = function_exists( 'get_block_wrapper_attributes' ) && WP_Block_Supports::$block_to_render ? get_block_wrapper_attributes() : '';
		$element = self::render( $requested );
		return '' === $wrapper ? $element : '<div ' . $wrapper . '>' . $element . '</div>';
	}

	/**
	 * Fills what the author left out from the site's defaults, keeps only allowed attributes and
	 * values, escapes each value and enqueues the script.
	 *
	 * @param array $requested Attribute names to raw values, as the author wrote them.
	 * @return string `<voice-agent …></voice-agent>`, with an HTML comment naming refused
	 *                attributes for people who can edit the post.
	 */
	public static function render( array $requested ) {
		$filtered   = Voice_Agent_Attributes::filter( self::with_defaults( $requested ) );
		$attributes = $filtered['attributes'];

		$html = '<voice-agent';
		foreach ( $attributes as $name => $value ) {
			$html .= true === $value ? ' ' . $name : ' ' . $name . '="' . esc_attr( $value ) . '"';
		}
		$html .= '></voice-agent>';

		wp_enqueue_script( Voice_Agent_Script::HANDLE );

		$refused = $filtered['refused'];
		if ( $refused && current_user_can( 'edit_posts' ) ) {
			// Names only (each checked to be a plain attribute-like word), never the refused values.
			$names = array_filter(
				$refused,
				static function ( $name ) {
					return 1 === preg_match( '/^[a-z0-9-]{1,40}$/', $name );
				}
			);
			$html .= '<!-- voice-agent: refused ' . esc_html( implode( ', ', $names ) ) . ' -->';
		}
		return $html;
	}

	/**
	 * The site's defaults under what the author asked for. For Anunzi, `assistant="id"` (or the
	 * first configured assistant) becomes a session-endpoint on this site's token broker route.
	 *
	 * @param array $requested Attribute names to raw values.
	 * @return array The same with the defaults added.
	 */
	private static function with_defaults( array $requested ) {
		$normalized = array();
		foreach ( $requested as $name => $value ) {
			if ( '' !== $value ) { // An empty value (provider="") means "the site's default", as in the block.
				$normalized[ is_int( $name ) ? $name : strtolower( str_replace( '_', '-', $name ) ) ] = $value;
			}
		}
		$settings = Voice_Agent_Settings::get();
		$provider = isset( $normalized['provider'] ) ? $normalized['provider'] : $settings['provider'];
		$normalized['provider'] = $provider;

		if ( 'lyzr' === $provider ) {
			if ( ! isset( $normalized['agent-id'] ) && '' !== $settings['agent_id'] ) {
				$normalized['agent-id'] = $settings['agent_id'];
			}
			if ( ! isset( $normalized['server-url'] ) && '' !== $settings['server_url'] ) {
				$normalized['server-url'] = $settings['server_url'];
			}
		} elseif ( 'anunzi' === $provider && ! isset( $normalized['session-endpoint'] ) ) {
			$assistant = isset( $normalized['assistant'] ) ? (string) $normalized['assistant'] : (string) reset( $settings['assistant_ids'] );
			if ( Voice_Agent_Attributes::is_identifier( $assistant ) ) {
				$normalized['session-endpoint'] = add_query_arg( 'assistant', rawurlencode( $assistant ), rest_url( Voice_Agent_Session_Route::NAMESPACE . Voice_Agent_Session_Route::ROUTE ) );
			}
		}
		unset( $normalized['assistant'] );
		return $normalized;
	}
}
