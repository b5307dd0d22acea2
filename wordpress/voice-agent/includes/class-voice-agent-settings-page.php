<?php
/**
 * Settings → Voice agent: the site-wide defaults, the script source and the Anunzi token broker.
 * Built on the Settings API: options.php checks the nonce and manage_options before saving.
 *
 * @package VoiceAgent
 */

defined( 'ABSPATH' ) || exit;

/**
 * The admin page and its fields.
 */
class Voice_Agent_Settings_Page {

	const SLUG = 'voice-agent';

	/**
	 * Adds the page under Settings.
	 */
	public static function add_menu() {
		add_options_page( __( 'Voice agent', 'voice-agent' ), __( 'Voice agent', 'voice-agent' ), 'manage_options', self::SLUG, array( __CLASS__, 'render' ) );
	}

	/**
	 * Declares the sections and fields.
	 */
	public static function add_fields() {
		add_settings_section( 'voice_agent_script', __( 'Script', 'voice-agent' ), array( __CLASS__, 'describe_script' ), self::SLUG );
		add_settings_field( 'voice_agent_script_source', __( 'Load the element from', 'voice-agent' ), array( __CLASS__, 'field_script_source' ), self::SLUG, 'voice_agent_script' );

		add_settings_section( 'voice_agent_defaults', __( 'Defaults', 'voice-agent' ), array( __CLASS__, 'describe_defaults' ), self::SLUG );
		add_settings_field( 'voice_agent_provider', __( 'Provider', 'voice-agent' ), array( __CLASS__, 'field_provider' ), self::SLUG, 'voice_agent_defaults', array( 'label_for' => 'voice-agent-provider' ) );
		add_settings_field( 'voice_agent_agent_id', __( 'Lyzr agent id', 'voice-agent' ), array( __CLASS__, 'field_text' ), self::SLUG, 'voice_agent_defaults', array( 'label_for' => 'voice-agent-agent_id', 'name' => 'agent_id' ) );
		add_settings_field( 'voice_agent_server_url', __( 'Lyzr server URL (optional)', 'voice-agent' ), array( __CLASS__, 'field_text' ), self::SLUG, 'voice_agent_defaults', array( 'label_for' => 'voice-agent-server_url', 'name' => 'server_url', 'type' => 'url' ) );

		add_settings_section( 'voice_agent_broker', __( 'Anunzi token broker', 'voice-agent' ), array( __CLASS__, 'describe_broker' ), self::SLUG );
		add_settings_field( 'voice_agent_anunzi_key', __( 'Anunzi API key', 'voice-agent' ), array( __CLASS__, 'field_key' ), self::SLUG, 'voice_agent_broker', array( 'label_for' => 'voice-agent-anunzi_key' ) );
		add_settings_field( 'voice_agent_assistant_ids', __( 'Assistant ids', 'voice-agent' ), array( __CLASS__, 'field_list' ), self::SLUG, 'voice_agent_broker', array( 'label_for' => 'voice-agent-assistant_ids', 'name' => 'assistant_ids', 'help' => __( 'Only these assistants are served; the first is the default. One per line.', 'voice-agent' ) ) );
		add_settings_field( 'voice_agent_allowed_origins', __( 'Other allowed origins', 'voice-agent' ), array( __CLASS__, 'field_list' ), self::SLUG, 'voice_agent_broker', array( 'label_for' => 'voice-agent-allowed_origins', 'name' => 'allowed_origins', 'help' => __( 'Pages of this site may always call the route. Add other sites (https://www.example.com), one per line.', 'voice-agent' ) ) );
		add_settings_field( 'voice_agent_requests_per_minute', __( 'Requests per minute per visitor', 'voice-agent' ), array( __CLASS__, 'field_text' ), self::SLUG, 'voice_agent_broker', array( 'label_for' => 'voice-agent-requests_per_minute', 'name' => 'requests_per_minute', 'type' => 'number' ) );
	}

	/**
	 * Prints the page (only for users who may manage options).
	 */
	public static function render() {
		if ( ! current_user_can( 'manage_options' ) ) {
			return;
		}
		echo '<div class="wrap"><h1>' . esc_html( get_admin_page_title() ) . '</h1>';
		echo '<form action="' . esc_url( admin_url( 'options.php' ) ) . '" method="post">';
		settings_fields( Voice_Agent_Settings::GROUP );
		do_settings_sections( self::SLUG );
		submit_button();
		echo '</form>';
		echo '<h2>' . esc_html__( 'Placing the widget', 'voice-agent' ) . '</h2>';
		echo '<p>' . esc_html__( 'Add the "Voice agent" block, or write the shortcode in any post or page. Authors and Contributors can use both.', 'voice-agent' ) . '</p>';
		echo '<p><code>[voice_agent]</code> <code>[voice_agent provider="lyzr" agent_id="…" variant="floating"]</code> <code>[voice_agent provider="anunzi" assistant="…"]</code></p>';
		echo '</div>';
	}

	/** Explains the script choice. */
	public static function describe_script() {
		$missing = Voice_Agent_Script::missing_bundled_files();
		if ( $missing ) {
			echo '<p class="notice notice-warning">' . esc_html(
				sprintf(
					/* translators: %s: file names */
					__( 'The bundled script files are missing (%s): build the plugin with `npm run wordpress`, or use a CDN URL.', 'voice-agent' ),
					implode( ', ', $missing )
				)
			) . '</p>';
		}
	}

	/** Explains the defaults. */
	public static function describe_defaults() {
		echo '<p>' . esc_html__( 'Used wherever a block or shortcode leaves them out.', 'voice-agent' ) . '</p>';
	}

	/** Explains the broker and names its URL. */
	public static function describe_broker() {
		echo '<p>' . esc_html__( 'The Anunzi API key stays on this server: pages ask this route for a one-time session URL.', 'voice-agent' ) . ' <code>' . esc_html( rest_url( Voice_Agent_Session_Route::NAMESPACE . Voice_Agent_Session_Route::ROUTE ) ) . '?assistant=…</code></p>';
	}

	/** Bundled copy or CDN URL. */
	public static function field_script_source() {
		$settings = Voice_Agent_Settings::get();
		foreach ( array(
			'bundled' => __( 'the copy inside this plugin', 'voice-agent' ),
			'cdn'     => __( 'this CDN URL:', 'voice-agent' ),
		) as $value => $label ) {
			printf(
				'<label><input type="radio" name="%1$s[script_source]" value="%2$s"%3$s> %4$s</label><br>',
				esc_attr( Voice_Agent_Settings::OPTION ),
				esc_attr( $value ),
				checked( $settings['script_source'], $value, false ),
				esc_html( $label )
			);
		}
		printf(
			'<input type="url" class="regular-text" name="%1$s[cdn_url]" value="%2$s" placeholder="https://cdn.jsdelivr.net/npm/voice-agent@%3$s/dist/voice-agent.iife.js">',
			esc_attr( Voice_Agent_Settings::OPTION ),
			esc_attr( $settings['cdn_url'] ),
			esc_attr( VOICE_AGENT_VERSION )
		);
	}

	/** The default provider. */
	public static function field_provider() {
		$settings = Voice_Agent_Settings::get();
		printf( '<select id="voice-agent-provider" name="%s[provider]">', esc_attr( Voice_Agent_Settings::OPTION ) );
		foreach ( Voice_Agent_Attributes::PROVIDERS as $provider ) {
			printf( '<option value="%1$s"%2$s>%3$s</option>', esc_attr( $provider ), selected( $settings['provider'], $provider, false ), esc_html( ucfirst( $provider ) ) );
		}
		echo '</select>';
	}

	/**
	 * A one-line setting.
	 *
	 * @param array $args name, optional type.
	 */
	public static function field_text( $args ) {
		$settings = Voice_Agent_Settings::get();
		printf(
			'<input type="%1$s" class="regular-text" id="voice-agent-%2$s" name="%3$s[%2$s]" value="%4$s">',
			esc_attr( isset( $args['type'] ) ? $args['type'] : 'text' ),
			esc_attr( $args['name'] ),
			esc_attr( Voice_Agent_Settings::OPTION ),
			esc_attr( (string) $settings[ $args['name'] ] )
		);
	}

	/**
	 * A list setting, one item per line.
	 *
	 * @param array $args name, help.
	 */
	public static function field_list( $args ) {
		$settings = Voice_Agent_Settings::get();
		printf(
			'<textarea rows="3" class="regular-text" id="voice-agent-%1$s" name="%2$s[%1$s]">%3$s</textarea><p class="description">%4$s</p>',
			esc_attr( $args['name'] ),
			esc_attr( Voice_Agent_Settings::OPTION ),
			esc_textarea( implode( "\n", $settings[ $args['name'] ] ) ),
			esc_html( $args['help'] )
		);
	}

	/**
	 * The key field is always empty: the stored key is never printed, only whether there is one.
	 */
	public static function field_key() {
		$stored = Voice_Agent_Settings::has_anunzi_key();
		printf(
			'<input type="password" class="regular-text" id="voice-agent-anunzi_key" name="%1$s[anunzi_key]" value="" autocomplete="new-password" placeholder="%2$s">',
			esc_attr( Voice_Agent_Settings::OPTION ),
			esc_attr( $stored ? __( 'Type a new key to replace the stored one', 'voice-agent' ) : __( 'sk_…', 'voice-agent' ) )
		);
		echo '<p class="description">' . esc_html( $stored ? __( 'A key is stored. It is never shown; leave the field empty to keep it.', 'voice-agent' ) : __( 'No key is stored.', 'voice-agent' ) ) . '</p>';
		if ( $stored ) {
			printf(
				'<label><input type="checkbox" name="%s[forget_anunzi_key]" value="1"> %s</label>',
				esc_attr( Voice_Agent_Settings::OPTION ),
				esc_html__( 'Remove the stored key', 'voice-agent' )
			);
		}
	}
}
